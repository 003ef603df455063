import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Profile } from './config/profile';
import type { SecretResolver } from './auth/credentials';
import { TunnelLog, type LogEntry } from './logging/tunnel-log';
import type { TunnelEvent, TunnelSnapshot } from './tunnels/events';
import { defaultRuntimeDir, lockFileFor, ProfileLock } from './tunnels/lock';
import { TunnelSupervisor } from './tunnels/supervisor';

/**
 * The façade the app and the CLI drive: start/stop/list tunnels, nudge, and one typed event
 * stream (state, forward, connection, log). Holds the per-profile lock for every running tunnel.
 */
export interface TunnelServiceOptions {
  /** Locks (and the CLI's control sockets) live here. */
  runtimeDir?: string;
  /** Rotating per-tunnel log files go here; none when unset. */
  logDir?: string;
  /** known_hosts used by profiles that do not name their own. */
  knownHostsFile?: string;
  resolveSecret?: SecretResolver;
  /** Emit `log` events on the stream (the app's live log view); off for the CLI's JSON. */
  emitLogEvents?: boolean;
}

interface Running {
  supervisor: TunnelSupervisor;
  log: TunnelLog;
  lock: ProfileLock;
}

export class TunnelService {
  private readonly events = new EventEmitter();
  private readonly tunnels = new Map<string, Running>();
  private readonly logs = new Map<string, TunnelLog>();
  readonly runtimeDir: string;

  constructor(private readonly options: TunnelServiceOptions = {}) {
    this.runtimeDir = options.runtimeDir ?? defaultRuntimeDir();
    this.events.setMaxListeners(0);
  }

  /** Subscribes to every tunnel's events; returns the unsubscribe function. */
  onEvent(listener: (event: TunnelEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  /**
   * Starts a tunnel. Throws LockHeldError when the profile already runs (here or in another
   * process): exactly one live session per profile.
   */
  start(profile: Profile): void {
    const existing = this.tunnels.get(profile.id);
    if (existing) throw new Error(`profile "${profile.id}" is already running`);
    const lock = ProfileLock.acquire(lockFileFor(this.runtimeDir, profile), profile.id);
    const log = new TunnelLog(profile.id, { logDir: this.options.logDir }, (entry) => {
      if (this.options.emitLogEvents)
        this.events.emit('event', {
          type: 'log',
          profile: profile.id,
          ...entry,
        } satisfies TunnelEvent);
    });
    this.logs.set(profile.id, log);
    const supervisor = new TunnelSupervisor(profile, {
      emit: (event) => this.events.emit('event', event),
      log,
      knownHostsFile:
        this.options.knownHostsFile ??
        (this.options.logDir
          ? path.join(path.dirname(this.options.logDir), 'known_hosts')
          : undefined),
      resolveSecret: this.options.resolveSecret,
    });
    this.tunnels.set(profile.id, { supervisor, log, lock });
    supervisor.start();
  }

  async stop(profileId: string): Promise<void> {
    const running = this.tunnels.get(profileId);
    if (!running) return;
    try {
      await running.supervisor.stop();
      await running.log.flush();
    } finally {
      this.tunnels.delete(profileId);
      running.lock.release();
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.tunnels.keys()].map((id) => this.stop(id)));
  }

  /** Immediate retry of waiting tunnels (all, or one): the network came back, or the machine resumed. */
  nudge(profileId?: string): void {
    for (const [id, running] of this.tunnels)
      if (!profileId || id === profileId) running.supervisor.nudge();
  }

  list(): TunnelSnapshot[] {
    return [...this.tunnels.values()].map((r) => r.supervisor.snapshot());
  }

  get(profileId: string): TunnelSnapshot | undefined {
    return this.tunnels.get(profileId)?.supervisor.snapshot();
  }

  /** The newest log entries of a tunnel (kept after it stops, until it starts again). */
  logEntries(profileId: string): LogEntry[] {
    return this.logs.get(profileId)?.entries() ?? [];
  }
}
