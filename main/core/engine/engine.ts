import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isRunning } from '../../../contract/tunnel-state';
import { FileSecretStore } from '../auth/secrets/file-store';
import { createSecretResolver } from '../auth/secrets/store';
import {
  ConfigError,
  loadConfig,
  resolveProfilePaths,
  type ConfigDocument,
  type Profile,
} from '../config/profile';
import { bindAddressOf } from '../config/schema';
import { runDiagnostics } from '../diagnostics/runner';
import type { DiagnoseReport } from '../diagnostics/types';
import { TunnelService } from '../service';
import type { TunnelEvent, TunnelSnapshot } from '../tunnels/events';
import type { EngineTunnel } from './protocol';

/**
 * The engine's heart: one TunnelService for the config's profiles, started at launch for those
 * marked autostart, and the config file watched. A change is applied per profile: a profile
 * whose definition did not change keeps its session and its open connections; an edited one
 * restarts (if it ran); a removed one stops; a new autostart one starts.
 */
export interface EngineOptions {
  configPath: string;
  dataDir: string;
  log?: (message: string) => void;
}

export class EngineError extends Error {
  constructor(
    readonly code: 'not-found' | 'config' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

export class Engine {
  readonly service: TunnelService;
  private profiles = new Map<string, Profile>();
  /** The exact text of each profile as last applied, to tell what a change touched. */
  private fingerprints = new Map<string, string>();
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<void> = Promise.resolve();
  private readonly listChanged = new Set<() => void>();
  /**
   * Passwords the app handed over (it keeps them in the OS store, which only it can open): in
   * memory, for this run only. Headless secrets come from env: refs or the user-only file.
   */
  private readonly provided = new Map<string, string>();
  private readonly resolve: (ref: string) => Promise<string | undefined>;
  /** The config document as last read (alerts and other engine-wide settings live there). */
  document: ConfigDocument | undefined;

  constructor(private readonly options: EngineOptions) {
    const { dataDir } = options;
    const fromFile = createSecretResolver(new FileSecretStore(path.join(dataDir, 'secrets.json')));
    this.service = new TunnelService({
      logDir: path.join(dataDir, 'logs'),
      knownHostsFile: path.join(dataDir, 'known_hosts'),
      emitLogEvents: true,
      resolveSecret: (ref) => this.resolve(ref),
    });
    this.resolve = async (ref) => this.provided.get(ref) ?? fromFile(ref);
  }

  /** A stored secret, as the tunnels get it: handed over by the app, or from env / the file. */
  resolveSecret(ref: string): Promise<string | undefined> {
    return this.resolve(ref);
  }

  /** Keeps a secret in memory; tunnels that could not log in without it try again now. */
  provideSecret(ref: string, value: string): void {
    this.provided.set(ref, value);
    this.service.nudge();
  }

  get configPath(): string {
    return this.options.configPath;
  }

  /** Reads the config and starts the autostart profiles. A broken config is an error here. */
  async open(): Promise<void> {
    const profiles = await this.read();
    this.apply(profiles, true);
    const locked = await this.service.unlockAtStart([...this.profiles.values()]);
    for (const r of locked)
      if (!r.ok) this.say(`could not unlock ${r.keyFile} at start (${r.code}): ${r.message}`);
    for (const p of this.profiles.values()) if (p.autostart) this.startProfile(p);
  }

  /** Watches the config's folder (editors replace files; a watch on the file would go stale). */
  watchConfig(): void {
    const file = path.resolve(this.options.configPath);
    try {
      this.watcher = watch(path.dirname(file), (_type, name) => {
        if (name && name.toString() !== path.basename(file)) return;
        clearTimeout(this.reloadTimer);
        // Writers rename a temp file over it; let the dust settle.
        this.reloadTimer = setTimeout(() => void this.reload().catch(() => undefined), 150);
      });
    } catch (error) {
      this.say(`cannot watch ${file}: ${(error as Error).message}; use \`tunnelkeeper reload\``);
    }
  }

  /** Re-reads the config and applies what changed. A broken file changes nothing (and says so). */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      let profiles: Profile[];
      try {
        profiles = await this.read();
      } catch (error) {
        this.say(`config not applied: ${(error as Error).message}`);
        throw error;
      }
      this.apply(profiles, false);
    });
    return this.reloading;
  }

  onListChanged(listener: () => void): () => void {
    this.listChanged.add(listener);
    return () => this.listChanged.delete(listener);
  }

  onEvent(listener: (event: TunnelEvent) => void): () => void {
    return this.service.onEvent(listener);
  }

  list(): EngineTunnel[] {
    return [...this.profiles.values()].map((p) => this.tunnel(p));
  }

  get(id: string): EngineTunnel {
    return this.tunnel(this.profile(id));
  }

  /** Starts a stopped or failed tunnel; one already on its way is left alone. */
  async start(id: string): Promise<EngineTunnel> {
    const profile = this.profile(id);
    const current = this.service.get(id);
    if (current && isRunning(current.state)) return this.tunnel(profile);
    if (current) await this.service.stop(id);
    this.startProfile(profile);
    return this.tunnel(profile);
  }

  async stop(id: string): Promise<EngineTunnel> {
    const profile = this.profile(id);
    await this.service.stop(id);
    return this.tunnel(profile);
  }

  async restart(id: string): Promise<EngineTunnel> {
    const profile = this.profile(id);
    await this.service.stop(id);
    this.startProfile(profile);
    return this.tunnel(profile);
  }

  /**
   * The ordered checks for one profile, run here: with the engine's known_hosts and the
   * secrets it holds (handed over by the app, or from env / the file), as its tunnels see them.
   */
  diagnose(id: string): Promise<DiagnoseReport> {
    return runDiagnostics(this.profile(id), {
      knownHostsFile: path.join(this.options.dataDir, 'known_hosts'),
      resolveSecret: (ref) => this.resolve(ref),
    });
  }

  async close(): Promise<void> {
    this.watcher?.close();
    clearTimeout(this.reloadTimer);
    await this.service.stopAll();
    this.service.keyring.close();
  }

  private profile(id: string): Profile {
    const p = this.profiles.get(id);
    if (!p)
      throw new EngineError(
        'not-found',
        `no profile "${id}" in ${this.options.configPath} (profiles: ${[...this.profiles.keys()].join(', ') || 'none'})`,
      );
    return p;
  }

  private startProfile(profile: Profile): void {
    try {
      this.service.start(profile);
    } catch (error) {
      throw new EngineError('failed', (error as Error).message);
    }
  }

  private tunnel(p: Profile): EngineTunnel {
    const running = this.service.get(p.id);
    return { ...(running ?? stoppedTunnel(p)), autostart: p.autostart };
  }

  private async read(): Promise<Profile[]> {
    const file = this.options.configPath;
    try {
      // The engine reads; the app and `import -o` write. A migration stays in memory.
      const loaded = await loadConfig(file, { persistMigration: false });
      const base = path.dirname(path.resolve(file));
      this.document = loaded.document;
      return loaded.document.profiles.map((p) => resolveProfilePaths(p, base));
    } catch (error) {
      if (error instanceof ConfigError) throw new EngineError('config', error.message);
      throw error;
    }
  }

  /** Applies a new list of profiles, touching only the ones whose definition changed. */
  private apply(profiles: Profile[], initial: boolean): void {
    const next = new Map(profiles.map((p) => [p.id, p]));
    const changed: Profile[] = [];
    for (const id of this.profiles.keys())
      if (!next.has(id)) {
        this.say(`profile ${id} removed from the config: stopping it`);
        void this.service.stop(id);
      }
    for (const p of profiles) {
      // When to alert is not part of the tunnel: changing it must not restart the session.
      const text = JSON.stringify({ ...p, alertAfterMinutes: undefined });
      const before = this.fingerprints.get(p.id);
      this.fingerprints.set(p.id, text);
      if (before === text) continue;
      if (before !== undefined) changed.push(p);
      else if (!initial && p.autostart) changed.push(p);
    }
    for (const id of [...this.fingerprints.keys()]) if (!next.has(id)) this.fingerprints.delete(id);
    this.profiles = next;
    for (const p of changed) void this.restartChanged(p);
    if (!initial) for (const listener of this.listChanged) listener();
  }

  private async restartChanged(p: Profile): Promise<void> {
    const wasRunning = this.service.get(p.id);
    const run = wasRunning ? isRunning(wasRunning.state) || p.autostart : p.autostart;
    if (wasRunning) {
      this.say(`profile ${p.id} changed: restarting it`);
      await this.service.stop(p.id);
    }
    if (!run || this.profiles.get(p.id) !== p) return;
    try {
      this.service.start(p);
    } catch (error) {
      this.say(`profile ${p.id} could not start: ${(error as Error).message}`);
    }
  }

  private say(message: string): void {
    this.options.log?.(message);
  }
}

/** A configured profile that is not running, in the snapshot shape every client reads. */
export function stoppedTunnel(p: Profile): TunnelSnapshot {
  return {
    profile: p.id,
    name: p.name,
    state: 'stopped',
    attempt: 1,
    since: new Date(0).toISOString(),
    forwards: p.forwards.map((f) => ({
      id: f.id,
      type: f.type,
      ...(f.label ? { label: f.label } : {}),
      status: 'closed' as const,
      bindAddress: bindAddressOf(f),
      bindPort: f.bindPort,
      ...(f.type !== 'dynamic' ? { target: `${f.targetHost}:${f.targetPort}` } : {}),
      counters: {
        active: 0,
        total: 0,
        failed: 0,
        bytesSent: 0,
        bytesReceived: 0,
        lastActivity: null,
      },
    })),
  };
}
