import type { EngineClient } from '../core/engine/client';
import type { EngineTunnel, SubscribeParams } from '../core/engine/protocol';
import type { TunnelEvent } from '../core/tunnels/events';

/**
 * The engine the window is attached to can go away: its boot service restarted it, the admin
 * stopped it from the CLI, it crashed. The window then attaches again (starting an engine when
 * none runs), subscribes again and shows the list it finds — the tunnels were never the
 * window's, so nothing of theirs is lost; only what lived in the old engine's memory (passwords
 * handed over, unlocked keys) is handed over again through `onReattached`.
 */
export type EngineApi = Pick<
  EngineClient,
  | 'list'
  | 'get'
  | 'start'
  | 'stop'
  | 'restart'
  | 'nudge'
  | 'reload'
  | 'logs'
  | 'subscribe'
  | 'pendingHostKeys'
  | 'answerHostKey'
  | 'unlockKey'
  | 'listKeys'
  | 'removeKey'
  | 'provideSecret'
  | 'shutdown'
  | 'onEvent'
  | 'onTunnels'
  | 'close'
>;

export interface ReattachOptions {
  attach(): Promise<EngineClient>;
  /** After a new client is in place (secrets and keys go to the new engine). */
  onReattached?(client: EngineClient): Promise<void>;
  log?(message: string): void;
  delaysMs?: readonly number[];
}

export function reattaching(first: EngineClient, options: ReattachOptions): EngineApi {
  let current = first;
  let closed = false;
  let subscribed: SubscribeParams | undefined;
  const events = new Set<(event: TunnelEvent) => void>();
  const lists = new Set<(tunnels: EngineTunnel[]) => void>();
  const delays = options.delaysMs ?? [200, 1000, 2000, 5000, 10_000];

  const wire = (client: EngineClient) => {
    client.onEvent((event) => events.forEach((l) => l(event)));
    client.onTunnels((tunnels) => lists.forEach((l) => l(tunnels)));
    client.onClose(() => {
      if (!closed && client === current) void again();
    });
  };

  async function again(): Promise<void> {
    options.log?.('the engine went away: attaching again');
    for (let i = 0; !closed; i++) {
      await new Promise((r) => setTimeout(r, delays[Math.min(i, delays.length - 1)]));
      try {
        const client = await options.attach();
        if (closed) return client.close();
        current = client;
        wire(client);
        await options.onReattached?.(client);
        const result = subscribed ? await client.subscribe(subscribed) : undefined;
        const tunnels = result?.tunnels ?? (await client.list());
        lists.forEach((l) => l(tunnels));
        options.log?.('attached to the engine again');
        return;
      } catch (error) {
        options.log?.(`engine not reachable yet: ${(error as Error).message}`);
      }
    }
  }

  wire(first);
  return {
    list: () => current.list(),
    get: (id) => current.get(id),
    start: (id) => current.start(id),
    stop: (id) => current.stop(id),
    restart: (id) => current.restart(id),
    nudge: (id) => current.nudge(id),
    reload: () => current.reload(),
    logs: (id, limit) => current.logs(id, limit),
    subscribe: (params) => {
      subscribed = params ?? {};
      return current.subscribe(params);
    },
    pendingHostKeys: () => current.pendingHostKeys(),
    answerHostKey: (p) => current.answerHostKey(p),
    unlockKey: (p) => current.unlockKey(p),
    listKeys: () => current.listKeys(),
    removeKey: (fp) => current.removeKey(fp),
    provideSecret: (ref, value) => current.provideSecret(ref, value),
    // Asked to stop the engine: it going away is then no reason to attach (or start) again.
    shutdown: () => {
      closed = true;
      return current.shutdown();
    },
    onEvent: (listener) => {
      events.add(listener);
      return () => events.delete(listener);
    },
    onTunnels: (listener) => {
      lists.add(listener);
      return () => lists.delete(listener);
    },
    close: () => {
      closed = true;
      current.close();
    },
  };
}
