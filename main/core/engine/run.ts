import { existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-atomic';
import { defaultDataDir } from '../logging/paths';
import { LockHeldError, ProfileLock } from '../tunnels/lock';
import { VERSION } from '../version';
import { ensureEngineDir, engineEndpoint, type EngineEndpoint } from './endpoint';
import type { TunnelEvent } from '../tunnels/events';
import { attachAlerts, alertsConfigOf } from '../alerts';
import { attachHistory, historyDir } from '../history';
import { Engine } from './engine';
import { PROTOCOL_VERSION, type EngineInfo } from './protocol';
import { serveMetrics, writeMetricsFile, type MetricsOutput } from './metrics-server';
import { EngineServer } from './server';
import { writeToken } from './token';

/**
 * `tunnelkeeper engine run`: one engine per user. The single-instance guard is the same lock the
 * tunnels use (pid + process identity, stale after a crash or a reboot), taken before anything
 * is touched, so two engines started at once cannot both unlink and bind the endpoint.
 */
export class EngineRunningError extends Error {
  constructor(readonly running: Partial<EngineInfo>) {
    super(
      `an engine is already running for this user (pid ${running.pid ?? '?'}, since ${running.since ?? '?'}, config ${running.config ?? '?'}, at ${running.endpoint ?? '?'}); stop it first or use it: \`tunnelkeeper status\``,
    );
    this.name = 'EngineRunningError';
  }
}

export interface RunEngineOptions {
  configPath?: string;
  dataDir?: string;
  /** host:port for Prometheus `/metrics` (off unless given). */
  metrics?: string;
  /** A .prom file for windows_exporter's textfile collector (off unless given). */
  metricsFile?: string;
  /** How long a "minute" of the alert thresholds is (tests shrink it). */
  alertMinuteMs?: number;
  /** Every tunnel event from the very first (subscribed before the autostart tunnels start). */
  onEvent?: (event: TunnelEvent) => void;
  log?: (message: string) => void;
}

export interface RunningEngine {
  engine: Engine;
  server: EngineServer;
  info: EngineInfo;
  endpoint: EngineEndpoint;
  /** Resolves when a client asked the engine to shut down. */
  shutdownRequested: Promise<void>;
  close(): Promise<void>;
}

/** The app's own config file (Electron's userData + config.json), the engine's default. */
export function defaultConfigPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const home = os.homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(base, 'Tunnelkeeper', 'config.json');
}

export function readEngineInfo(endpoint: EngineEndpoint): Partial<EngineInfo> {
  try {
    return JSON.parse(readFileSync(endpoint.infoFile, 'utf8')) as Partial<EngineInfo>;
  } catch {
    return {};
  }
}

export async function startEngine(options: RunEngineOptions = {}): Promise<RunningEngine> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const endpoint = engineEndpoint(dataDir);
  ensureEngineDir(endpoint);
  let lock: ProfileLock;
  try {
    lock = ProfileLock.acquire(path.join(endpoint.dir, 'engine.lock'), 'engine');
  } catch (error) {
    if (error instanceof LockHeldError) throw new EngineRunningError(readEngineInfo(endpoint));
    throw error;
  }
  try {
    await clearStaleSocket(endpoint);
    const configPath = path.resolve(options.configPath ?? defaultConfigPath());
    const engine = new Engine({ configPath, dataDir, log: options.log });
    if (options.onEvent) engine.onEvent(options.onEvent);
    const info: EngineInfo = {
      pid: process.pid,
      since: new Date().toISOString(),
      config: configPath,
      version: VERSION,
      endpoint: endpoint.address,
      protocol: PROTOCOL_VERSION,
    };
    if (existsSync(configPath)) await engine.open();
    else options.log?.(`no config at ${configPath} yet: no tunnels until it is written`);
    // Every state change on disk, across restarts ("was the tunnel down at 02:13?").
    const history = attachHistory(engine, { dir: historyDir(dataDir), log: options.log });
    const alerts = engineAlerts(engine, options.log, options.alertMinuteMs);
    engine.watchConfig();
    const token = await writeToken(endpoint);
    let requestShutdown!: () => void;
    const shutdownRequested = new Promise<void>((resolve) => (requestShutdown = resolve));
    const server = new EngineServer({
      engine,
      token,
      info: () => info,
      onShutdown: () => requestShutdown(),
      log: options.log,
    });
    await server.listen(endpoint.address);
    const outputs: MetricsOutput[] = [];
    if (options.metrics || options.metricsFile) {
      // prom-client (88 modules) only when metrics are asked for: not in every command's start.
      const { createEngineMetrics } = await import('./metrics');
      const metrics = createEngineMetrics(() => engine.list());
      engine.onEvent((event) => metrics.onEvent(event));
      const log = options.log ?? (() => undefined);
      if (options.metrics) {
        const served = await serveMetrics(options.metrics, metrics, log);
        if (served) outputs.push(served);
      }
      if (options.metricsFile) outputs.push(writeMetricsFile(options.metricsFile, metrics, log));
    }
    await writeFileAtomic(endpoint.infoFile, `${JSON.stringify(info, null, 2)}\n`, {
      mode: 0o600,
    });
    return {
      engine,
      server,
      info,
      endpoint,
      shutdownRequested,
      close: async () => {
        await Promise.all(outputs.map((o) => o.close()));
        await server.close();
        await engine.close();
        // After the tunnels: their final `stopped` belongs in the history too.
        await history.close();
        await alerts.close();
        rmSync(endpoint.infoFile, { force: true });
        rmSync(endpoint.tokenFile, { force: true });
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** A socket file left by an engine that crashed: nobody answers on it, so it can go. */
async function clearStaleSocket(endpoint: EngineEndpoint): Promise<void> {
  if (process.platform === 'win32' || !existsSync(endpoint.address)) return;
  const answers = await new Promise<boolean>((resolve) => {
    const socket = net.connect(endpoint.address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
  if (answers) throw new EngineRunningError(readEngineInfo(endpoint));
  unlinkSync(endpoint.address);
}

/** Alerts from the config's `alerts` section, following its changes; none while it has none. */
function engineAlerts(
  engine: Engine,
  log?: (message: string) => void,
  minuteMs?: number,
): { close(): Promise<void> } {
  let current: ReturnType<typeof attachAlerts> | undefined;
  const apply = () => {
    const config = engine.document && alertsConfigOf(engine.document, engine.configPath);
    if (config && current) current.update(config);
    else if (config)
      current = attachAlerts(engine, {
        config,
        resolveSecret: (ref) => engine.resolveSecret(ref),
        log,
        ...(minuteMs ? { minuteMs } : {}),
      });
    else if (current) {
      void current.close();
      current = undefined;
    }
  };
  apply();
  const off = engine.onListChanged(apply);
  return {
    close: async () => {
      off();
      await current?.close();
    },
  };
}
