import type { LogLine } from '../../contract';
import type { TunnelStateName } from '../../contract/tunnel-state';
import type { ConfigDocument } from '../core/config/profile';
import { EngineClientError } from '../core/engine/client';
import type { EngineTunnel, SubscribeResult } from '../core/engine/protocol';
import type { TunnelEvent } from '../core/tunnels/events';
import { fromCoreSnapshot, toLogLine } from './core-snapshot';
import type { EngineApi } from './engine-reattach';
import { CodedError } from './errors';
import type { TunnelService, TunnelServiceEvent } from './ports';

/** Log lines kept per tunnel for the window's log view (the engine keeps its own files). */
const LOG_LINES_KEPT = 2000;

/**
 * The shell's TunnelService port over the running engine: the tray and the window show every
 * tunnel of the engine, whoever started it. The port reads synchronously, so the engine's list
 * is mirrored here, refreshed from the engine after every event of a tunnel (one request at a
 * time per tunnel, so a late answer never overwrites a newer one).
 */
export function adaptEngineTunnels(client: EngineApi, initial: SubscribeResult): TunnelService {
  const listeners = new Set<(event: TunnelServiceEvent) => void>();
  const tunnels = new Map<string, EngineTunnel>(initial.tunnels.map((t) => [t.profile, t]));
  const logs = new Map<string, LogLine[]>();
  const emit = (event: TunnelServiceEvent) => listeners.forEach((l) => l(event));
  const queues = new Map<string, Promise<void>>();

  const keepLog = (line: LogLine) => {
    const list = logs.get(line.tunnelId) ?? [];
    list.push(line);
    if (list.length > LOG_LINES_KEPT) list.splice(0, list.length - LOG_LINES_KEPT);
    logs.set(line.tunnelId, list);
  };
  for (const event of initial.backlog)
    if (event.type === 'log') keepLog(toLogLine(event.profile, event));

  const changed = (next: EngineTunnel, state?: TunnelStateName) => {
    const previous = tunnels.get(next.profile)?.state ?? 'stopped';
    tunnels.set(next.profile, next);
    // The event's own state wins: the snapshot may already be a step further.
    const tunnel = fromCoreSnapshot({ ...next, state: state ?? next.state });
    emit({ type: 'tunnel', tunnel, previous });
  };

  const refresh = (id: string, state?: TunnelStateName) => {
    const next = (queues.get(id) ?? Promise.resolve()).then(async () => {
      try {
        changed(await client.get(id), state);
      } catch {
        // removed from the config meanwhile: the list notification says so
      }
    });
    queues.set(id, next);
  };

  client.onEvent((event: TunnelEvent) => {
    if (event.type === 'log') {
      const line = toLogLine(event.profile, event);
      keepLog(line);
      emit({ type: 'log', line });
      return;
    }
    refresh(event.profile, event.type === 'state' ? event.state : undefined);
  });
  client.onTunnels((list) => {
    const ids = new Set(list.map((t) => t.profile));
    for (const id of [...tunnels.keys()]) if (!ids.has(id)) tunnels.delete(id);
    for (const t of list) changed(t);
  });

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (error instanceof EngineClientError && error.code === 'not-found')
        throw new CodedError('not-found');
      throw new CodedError('unavailable');
    }
  };

  return {
    list: () => [...tunnels.values()].map((t) => fromCoreSnapshot(t)),
    start: (id) => act(async () => changed(await client.start(id))),
    stop: (id) => act(async () => changed(await client.stop(id))),
    nudge: () => void client.nudge().catch(() => undefined),
    // The engine watches the file too; asking makes the window's save take effect at once.
    reload: (_document: ConfigDocument) => act(() => client.reload()),
    tail: (id, limit) => (logs.get(id) ?? []).slice(-limit),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // The tunnels belong to the engine: closing the window or quitting the app leaves them up.
    shutdown: async () => client.close(),
    // The engine unlocks the `unlockAtStart` keys itself, from their passphrase files.
    unlockAtStart: async () => [],
  };
}
