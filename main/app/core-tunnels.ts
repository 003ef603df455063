import { isRunning, type TunnelStateName } from '../../contract/tunnel-state';
import type { ConfigDocument, Profile } from '../core/config/profile';
import type { TunnelService as CoreTunnelService } from '../core/service';
import { fromCoreSnapshot, stoppedSnapshot, toLogLine } from './core-snapshot';
import { CodedError } from './errors';
import type { TunnelService, TunnelServiceEvent } from './ports';

/** The part of the core's service façade the shell drives. */
export type CoreTunnels = Pick<
  CoreTunnelService,
  'start' | 'stop' | 'stopAll' | 'nudge' | 'get' | 'logEntries' | 'onEvent'
> &
  Partial<Pick<CoreTunnelService, 'unlockAtStart'>>;

/**
 * Fits main/core/service.ts to the shell's TunnelService port: the core knows running tunnels,
 * the shell shows every configured profile (stopped ones too) and needs each state change with
 * the state it left, which this adapter remembers.
 */
export function adaptCoreTunnels(core: CoreTunnels, readProfiles: () => Profile[]): TunnelService {
  const listeners = new Set<(event: TunnelServiceEvent) => void>();
  const lastState = new Map<string, TunnelStateName>();
  /** The profile each running tunnel was started with, to restart it when it is edited. */
  const startedWith = new Map<string, string>();
  const emit = (event: TunnelServiceEvent) => listeners.forEach((listener) => listener(event));
  /**
   * Starts and stops of one tunnel run one after another: the tray, the window and a config
   * reload may ask at once, and the core refuses a second start of a running profile.
   */
  const queues = new Map<string, Promise<unknown>>();
  function serial<T>(id: string, work: () => Promise<T>): Promise<T> {
    const next = (queues.get(id) ?? Promise.resolve()).then(work, work);
    queues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  }

  const profiles = (): Profile[] => {
    try {
      return readProfiles();
    } catch {
      return []; // an unreadable config lists nothing new; running tunnels still show
    }
  };

  function snapshot(id: string, configured = profiles()) {
    const running = core.get(id);
    if (running) return fromCoreSnapshot(running);
    const profile = configured.find((p) => p.id === id);
    return profile ? stoppedSnapshot(profile) : undefined;
  }

  function changed(id: string, state?: TunnelStateName): void {
    const tunnel = snapshot(id);
    if (!tunnel) return;
    // The event's own state wins: the snapshot may already be a step further.
    const current = { ...tunnel, state: state ?? tunnel.state };
    const previous = lastState.get(id) ?? 'stopped';
    lastState.set(id, current.state);
    emit({ type: 'tunnel', tunnel: current, previous });
  }

  core.onEvent((event) => {
    if (event.type === 'log') {
      emit({ type: 'log', line: toLogLine(event.profile, event) });
      return;
    }
    changed(event.profile, event.type === 'state' ? event.state : undefined);
  });

  const stop = (id: string) =>
    serial(id, async () => {
      await core.stop(id);
      startedWith.delete(id);
      if (lastState.get(id) !== 'stopped') changed(id, 'stopped');
    });

  const start = (id: string) =>
    serial(id, async () => {
      const profile = profiles().find((p) => p.id === id);
      if (!profile) throw new CodedError('not-found');
      const running = core.get(id);
      const same = startedWith.get(id) === JSON.stringify(profile);
      if (running && isRunning(running.state) && same) return; // up, or retrying on its own
      if (running) await core.stop(id); // failed, or its profile changed: start afresh
      core.start(profile); // throws LockHeldError when another process runs it
      startedWith.set(id, JSON.stringify(profile));
    });

  return {
    list() {
      const configured = profiles();
      const ids = new Set([...configured.map((p) => p.id), ...startedWith.keys()]);
      return [...ids].flatMap((id) => snapshot(id, configured) ?? []);
    },
    start,
    stop: async (id) => {
      if (!profiles().some((p) => p.id === id) && !core.get(id)) throw new CodedError('not-found');
      await stop(id);
    },
    nudge: () => core.nudge(),
    async reload(document: ConfigDocument) {
      for (const [id, json] of [...startedWith]) {
        const profile = document.profiles.find((p) => p.id === id);
        if (!profile) await stop(id);
        else if (JSON.stringify(profile) !== json) await start(id); // restarts with the edit
      }
    },
    tail: (id, limit) =>
      core
        .logEntries(id)
        .slice(-limit)
        .map((entry) => toLogLine(id, entry)),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shutdown: () => core.stopAll(),
    async unlockAtStart() {
      if (!core.unlockAtStart) return [];
      // No `ask`: the app asks through the Keys view, after a notification, not a modal.
      const results = await core.unlockAtStart(profiles());
      return results.map((r) =>
        r.ok ? { keyFile: r.keyFile, ok: true } : { keyFile: r.keyFile, ok: false, code: r.code },
      );
    },
  };
}
