import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli, type CliResult } from './cli';
import { startCli, type CliProcess } from './cli-process';
import type { SshdHandle } from './sshd';

/**
 * A real `tunnelkeeper engine run` child process, with its own data and runtime dirs, and the
 * small tools the engine tests need around it (the CLI as a client, held connections, ss).
 */

export interface EngineDirs {
  root: string;
  dataDir: string;
  runtimeDir: string;
  config: string;
  env: NodeJS.ProcessEnv;
}

const created: string[] = [];

/** Fresh temp dirs for one engine: TUNNELKEEPER_DATA_DIR and TUNNELKEEPER_RUNTIME_DIR. */
export function engineDirs(prefix = 'tk-engine-'): EngineDirs {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(root);
  const dataDir = path.join(root, 'data');
  const runtimeDir = path.join(root, 'run');
  mkdirSync(dataDir);
  mkdirSync(runtimeDir);
  return {
    root,
    dataDir,
    runtimeDir,
    config: path.join(root, 'config.json'),
    env: { TUNNELKEEPER_DATA_DIR: dataDir, TUNNELKEEPER_RUNTIME_DIR: runtimeDir },
  };
}

/** Removes every dir engineDirs made (call once the engines are gone). */
export function removeEngineDirs(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

type Json = Record<string, unknown>;

/** A profile for the test sshd in the config file's shape (autostart, short timings). */
export function profileJson(
  sshd: SshdHandle,
  id: string,
  forwards: Json[],
  extra: Json = {},
): Json {
  return {
    id,
    name: `test ${id}`,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { keyFile: sshd.clientKeyPath },
    hostKey: { pinned: [sshd.hostKeyFingerprint] },
    keepalive: { intervalSeconds: 1, countMax: 2 },
    reconnect: {
      minDelaySeconds: 0.2,
      maxDelaySeconds: 2,
      stableSeconds: 5,
      readyTimeoutSeconds: 5,
    },
    autostart: true,
    forwards,
    ...extra,
  };
}

export const localForward = (id: string, bindPort: number, targetPort: number): Json => ({
  type: 'local',
  id,
  bindPort,
  targetHost: '127.0.0.1',
  targetPort,
});

export const remoteForward = (id: string, bindPort: number, targetPort: number): Json => ({
  type: 'remote',
  id,
  bindAddress: '127.0.0.1',
  bindPort,
  targetHost: '127.0.0.1',
  targetPort,
});

export function writeConfig(file: string, profiles: Json[]): void {
  writeFileSync(file, `${JSON.stringify({ version: 1, profiles }, null, 2)}\n`);
}

export interface EngineProcess {
  proc: CliProcess;
  pid: number;
  /** How many stdout lines (events) were seen so far: pass to waitFor to look only after it. */
  mark(): number;
  waitFor(match: (line: Json) => boolean, timeoutMs?: number, from?: number): Promise<Json>;
  /** The first `state` event of `profile` reaching `state`, at or after line `from`. */
  state(profile: string, state: string, timeoutMs?: number, from?: number): Promise<Json>;
  /** The state events of a profile from line `from` on, as `state` or `state:cause`. */
  states(profile: string, from?: number): string[];
  stderr(): string;
  /** SIGKILL if still running (afterEach safety net). */
  kill(): Promise<void>;
}

/**
 * Starts `tunnelkeeper engine run --config <config> --json` and resolves once it says it is
 * running (the endpoint is listening). Rejects with its stderr if it exits first.
 */
export async function startEngineProcess(
  dirs: Pick<EngineDirs, 'config' | 'env'>,
  timeoutMs = 20_000,
): Promise<EngineProcess> {
  const proc = startCli(['engine', 'run', '--config', dirs.config, '--json'], dirs.env);
  const started = Date.now();
  for (;;) {
    if (/running \(pid \d+\)/.test(proc.stderr())) break;
    if (proc.child.exitCode !== null || proc.child.signalCode !== null)
      throw new Error(
        `engine run exited (${proc.child.exitCode}) before running:\n${proc.stderr()}`,
      );
    if (Date.now() - started > timeoutMs) {
      proc.child.kill('SIGKILL');
      throw new Error(`engine run did not start in ${timeoutMs} ms:\n${proc.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const waitFor = (match: (line: Json) => boolean, timeoutMs = 20_000, from = 0) =>
    proc.waitForLine((line) => proc.lines.indexOf(line) >= from && match(line), timeoutMs);
  return {
    proc,
    pid: proc.child.pid!,
    mark: () => proc.lines.length,
    waitFor,
    state: (profile, state, timeoutMs, from) =>
      waitFor(
        (l) => l.type === 'state' && l.profile === profile && l.state === state,
        timeoutMs,
        from,
      ),
    states: (profile, from = 0) =>
      proc.lines
        .slice(from)
        .filter((l) => l.type === 'state' && l.profile === profile)
        .map((l) => (l.cause ? `${String(l.state)}:${String(l.cause)}` : String(l.state))),
    stderr: proc.stderr,
    kill: async () => {
      if (proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGKILL');
        await proc.exited;
      }
    },
  };
}

/** Runs `tunnelkeeper <args>` with the engine's env to completion. */
export function tk(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliResult> {
  return runCli(args, { env, timeoutMs });
}

export interface StatusTunnel {
  profile: string;
  state: string;
  cause?: string;
  since: string;
  autostart?: boolean;
  engine?: boolean;
  pid: number;
  forwards: {
    id: string;
    type: string;
    status: string;
    bindPort: number;
    counters: { active: number; total: number; bytesSent: number; bytesReceived: number };
  }[];
}

export interface StatusJson {
  running: boolean;
  engine: { pid: number } | null;
  processes: Json[];
  tunnels: StatusTunnel[];
}

/** `tunnelkeeper status --json`, parsed (fails the test on a non-zero exit). */
export async function statusJson(env: NodeJS.ProcessEnv): Promise<StatusJson> {
  const res = await tk(['status', '--json'], env);
  if (res.code !== 0) throw new Error(`status exited ${res.code}: ${res.stderr}`);
  return JSON.parse(res.stdout) as StatusJson;
}

export function tunnelOf(status: StatusJson, profile: string): StatusTunnel {
  const t = status.tunnels.find((x) => x.profile === profile);
  if (!t) throw new Error(`status lists no ${profile}: ${JSON.stringify(status)}`);
  return t;
}

/** Whether this process could listen on 127.0.0.1:port now (nobody holds it). */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** Whether a TCP connect to 127.0.0.1:port is refused (nobody listens). */
export function connectRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/**
 * A TCP connection held open through a forward to an echo target: each `echo` sends a payload
 * and resolves once the same number of bytes came back (or rejects after timeoutMs).
 */
export interface HeldConnection {
  echo(payload: Buffer, timeoutMs?: number): Promise<Buffer>;
  readonly closed: boolean;
  close(): void;
}

export function holdConnection(port: number): Promise<HeldConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let closed = false;
    let buffered = Buffer.alloc(0);
    let waiter: (() => void) | undefined;
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      waiter?.();
    });
    socket.on('close', () => {
      closed = true;
      waiter?.();
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve({
        get closed() {
          return closed;
        },
        close: () => socket.destroy(),
        echo: (payload, timeoutMs = 5_000) =>
          new Promise((ok, fail) => {
            buffered = Buffer.alloc(0);
            const timer = setTimeout(() => {
              waiter = undefined;
              fail(
                new Error(
                  `echo of ${payload.length} bytes: ${buffered.length} came back in ${timeoutMs} ms${closed ? ' (connection closed)' : ''}`,
                ),
              );
            }, timeoutMs);
            waiter = () => {
              if (buffered.length >= payload.length) {
                clearTimeout(timer);
                waiter = undefined;
                ok(buffered);
              } else if (closed) {
                clearTimeout(timer);
                waiter = undefined;
                fail(new Error(`connection closed after ${buffered.length} echoed bytes`));
              }
            };
            if (closed) waiter();
            else socket.write(payload);
          }),
      });
    });
  });
}

export interface Listener {
  pid: number;
  process: string;
}

/** Who listens on TCP 127.0.0.1:port, per `ss -tlnpH` (one entry per process). */
export async function listenersOf(port: number): Promise<Listener[]> {
  const { stdout } = await promisify(execFile)('ss', ['-tlnpH', `sport = :${port}`]);
  const found = new Map<number, string>();
  for (const m of stdout.matchAll(/\("([^"]+)",pid=(\d+),fd=\d+\)/g))
    found.set(Number(m[2]), m[1]!);
  return [...found].map(([pid, name]) => ({ pid, process: name }));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true or `timeoutMs` passed; resolves with the elapsed ms or -1. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  stepMs = 50,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) return -1;
    await sleep(stepMs);
  }
}
