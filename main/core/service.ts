import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Profile } from './config/profile';
import { Keyring } from './auth/agent/keyring';
import { unlockAtStart, type StartupKey, type StartupResult } from './auth/agent/startup';
import type { SecretResolver } from './auth/credentials';
import { defaultKnownHostsFile, TrustStore } from './auth/trust/store';
import { TofuGate, type PendingConfirmation } from './auth/trust/tofu';
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
  /** The built-in agent to use; a fresh, empty one when unset. */
  keyring?: Keyring;
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
  private readonly gates = new Map<string, TofuGate>();
  private readonly knownHostsFile: string | undefined;
  readonly runtimeDir: string;
  /**
   * The built-in agent (Pageant's role): keys unlocked here once serve every tunnel of this
   * service that names them — by key file, or with `auth.agentSocket: "tunnelkeeper"`.
   */
  readonly keyring: Keyring;
  /** Host keys waiting for the user (policy `ask`) on the service's own known_hosts. */
  readonly tofu: TofuGate;

  constructor(private readonly options: TunnelServiceOptions = {}) {
    this.runtimeDir = options.runtimeDir ?? defaultRuntimeDir();
    this.events.setMaxListeners(0);
    this.keyring = options.keyring ?? new Keyring();
    this.knownHostsFile =
      options.knownHostsFile ??
      (options.logDir ? path.join(path.dirname(options.logDir), 'known_hosts') : undefined);
    this.tofu = this.hostKeyGate(this.knownHostsFile ?? defaultKnownHostsFile());
  }

  /** The TOFU gate of one known_hosts file: one per file, so a confirmation serves every tunnel. */
  hostKeyGate(knownHostsFile: string): TofuGate {
    const file = path.resolve(knownHostsFile);
    let gate = this.gates.get(file);
    if (!gate) {
      gate = new TofuGate(new TrustStore(file));
      this.gates.set(file, gate);
    }
    return gate;
  }

  /** Every host key waiting for a confirmation, across the known_hosts files in use. */
  pendingHostKeys(): PendingConfirmation[] {
    return [...this.gates.values()].flatMap((g) => g.pendingConfirmations());
  }

  /**
   * Unlocks in the keyring the key files of profiles marked `auth.unlockAtStart` (jump hosts
   * too), each once; headless from its passphrase file, else through `ask` (the app).
   */
  unlockAtStart(
    profiles: readonly Profile[],
    ask?: (keyFile: string) => Promise<string | undefined>,
  ): Promise<StartupResult[]> {
    const keys = new Map<string, StartupKey>();
    for (const p of profiles)
      for (const { auth } of [p, ...(p.jumps ?? [])])
        if (auth.unlockAtStart && auth.keyFile && !keys.has(auth.keyFile))
          keys.set(auth.keyFile, { keyFile: auth.keyFile, passphraseFile: auth.passphraseFile });
    return unlockAtStart(this.keyring, [...keys.values()], ask);
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
      knownHostsFile: this.knownHostsFile,
      resolveSecret: this.options.resolveSecret,
      keyring: this.keyring,
      tofu: (file) => this.hostKeyGate(file),
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
