/**
 * The processes the engine benchmark starts: `tunnelkeeper engine run --json` and `tunnelkeeper
 * up --json` with their stdout lines time-stamped as they arrive (a start-up is timed to the
 * line, not to a polling interval), the CLI run to completion, and /proc readings of a pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SshdHandle } from '../../tests/helpers/sshd';
import { root, sleep, spawned, work } from './processes';

const BIN = path.join(root, 'bin/tunnelkeeper.cjs');
/**
 * The node flags every real start uses: the bin's shebang (`env -S node --single-threaded-gc`)
 * and the boot service's command line (main/core/engine/boot/engine-command.ts) both pass it.
 */
const NODE_FLAGS = [
  '--single-threaded-gc',
  // Extra flags for every process started here, to compare runs (e.g. --max-semi-space-size=1).
  ...(process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
];

export interface EngineProfile {
  id: string;
  forwards: { id: string; bindPort: number; targetPort: number }[];
  /** Keep ssh2's protocol log (a debug line per SSH packet). */
  verbose?: boolean;
}

/** A config file and fresh TUNNELKEEPER_DATA_DIR / TUNNELKEEPER_RUNTIME_DIR beside it. */
export interface EngineDirs {
  config: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Profiles in the config file's shape, all autostart, keepalive and reconnect timings at the
 * product defaults (as `tkConfig` of the tunnel benchmark writes them).
 */
export function engineConfig(sshd: SshdHandle, profiles: EngineProfile[]): string {
  const file = path.join(mkdtempSync(path.join(work, 'engine-config-')), 'config.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      profiles: profiles.map((p) => ({
        id: p.id,
        name: p.id,
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        auth: { keyFile: sshd.clientKeyPath },
        hostKey: { pinned: [sshd.hostKeyFingerprint] },
        autostart: true,
        ...(p.verbose ? { verbose: true } : {}),
        forwards: p.forwards.map((f) => ({
          type: 'local',
          id: f.id,
          bindPort: f.bindPort,
          targetHost: '127.0.0.1',
          targetPort: f.targetPort,
        })),
      })),
    }),
  );
  return file;
}

/** Fresh data and runtime dirs (a first start: no logs, no lock files of an earlier run). */
export function freshDirs(config: string): EngineDirs {
  const dir = mkdtempSync(path.join(work, 'engine-'));
  const dataDir = path.join(dir, 'data');
  const runtimeDir = path.join(dir, 'run');
  mkdirSync(dataDir);
  mkdirSync(runtimeDir);
  return {
    config,
    dataDir,
    env: { TUNNELKEEPER_DATA_DIR: dataDir, TUNNELKEEPER_RUNTIME_DIR: runtimeDir },
  };
}

export interface Line {
  /** performance.now() when the chunk holding the line arrived. */
  at: number;
  text: string;
}

export interface CliRun {
  child: ChildProcess;
  pid: number;
  /** performance.now() just before spawn(). */
  spawnedAt: number;
  /** Date.now() at the same moment, to compare with the time stamps of the tunnel logs. */
  spawnedWall: number;
  lines: Line[];
  stderr(): string;
}

/**
 * Date.now() of the first "state connecting" entry of a tunnel's log file: when the tunnel
 * started, inside the process. (`engine run --json` does not print that first `connecting`
 * event: the profiles start before the command subscribes to the engine's events.)
 */
export function firstConnectingWall(dataDir: string, profile: string): number {
  const log = readFileSync(path.join(dataDir, 'logs', `${profile}.log`), 'utf8');
  const line = log.split('\n').find((l) => l.includes(' state connecting'));
  if (!line) throw new Error(`no "state connecting" in the log of ${profile}`);
  return Date.parse(line.slice(0, line.indexOf(' ')));
}

/**
 * How many entries a tunnel wrote to its log (the file and its rotated predecessors) with a time
 * stamp between two Date.now() values: the lines the engine produced, however late a follower
 * reads them. The rotation keeps ~6 MB (~80,000 of the protocol log's lines).
 */
export function loggedBetween(dataDir: string, profile: string, from: number, to: number): number {
  const dir = path.join(dataDir, 'logs');
  const first = new Date(from).toISOString();
  const last = new Date(to).toISOString();
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (name !== `${profile}.log` && !name.startsWith(`${profile}.log.`)) continue;
    let text = '';
    try {
      text = readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue; // rotated away meanwhile
    }
    for (const line of text.split('\n')) {
      const ts = line.slice(0, 24);
      if (ts >= first && ts <= last) n++;
    }
  }
  return n;
}

/**
 * Waits until every profile's log file has a "state connected" entry; resolves to the Date.now()
 * of the last one. The engine's stdout cannot tell: `engine run --json` subscribes to the events
 * only once the engine is fully started, and with many profiles most of them connect before that.
 */
export async function allConnectedWall(
  dataDir: string,
  profiles: string[],
  child: ChildProcess,
  timeoutMs = 120_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const found = new Map<string, number>();
  for (;;) {
    for (const id of profiles) {
      if (found.has(id)) continue;
      let log = '';
      try {
        log = readFileSync(path.join(dataDir, 'logs', `${id}.log`), 'utf8');
      } catch {
        // not written yet
      }
      const line = log.split('\n').find((l) => l.includes(' state connected'));
      if (line) found.set(id, Date.parse(line.slice(0, line.indexOf(' '))));
    }
    if (found.size === profiles.length) return Math.max(...found.values());
    if (child.exitCode !== null) throw new Error('the process exited before all connected');
    if (Date.now() > deadline)
      throw new Error(`${found.size}/${profiles.length} connected in ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * `node --single-threaded-gc bin/tunnelkeeper.cjs <args>`, stdout lines time-stamped.
 * `nodeFlags` replaces the shebang's flags (engine-memory.ts compares sets of them).
 */
export function spawnCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeFlags: readonly string[] = NODE_FLAGS,
): CliRun {
  const spawnedAt = performance.now();
  const spawnedWall = Date.now();
  const child = spawn(process.execPath, [...nodeFlags, BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  const lines: Line[] = [];
  let pending = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const at = performance.now();
    pending += chunk.toString('utf8');
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      lines.push({ at, text: pending.slice(0, nl) });
      pending = pending.slice(nl + 1);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return {
    child,
    pid: child.pid!,
    spawnedAt,
    spawnedWall,
    lines,
    stderr: () => err,
  };
}

export function spawnEngine(dirs: EngineDirs, nodeFlags?: readonly string[]): CliRun {
  return spawnCli(['engine', 'run', '--config', dirs.config, '--json'], dirs.env, nodeFlags);
}

export function spawnUp(dirs: EngineDirs): CliRun {
  return spawnCli(['up', '--config', dirs.config, '--json'], dirs.env);
}

/** SIGTERM, as a service manager stops it; SIGKILL after 10 s. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([done, sleep(10_000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await done;
  }
}

/** Wall time of a CLI command from spawn to exit, in ms, and its stdout. */
export async function timedCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; stdout: string }> {
  const run = spawnCli(args, env);
  const code = await new Promise<number | null>((r) => run.child.once('exit', (c) => r(c)));
  const ms = performance.now() - run.spawnedAt;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}:\n${run.stderr()}`);
  return { ms, stdout: run.lines.map((l) => l.text).join('\n') };
}

export interface Memory {
  /** VmRSS, MB. */
  rss: number;
  /** VmHWM: the peak RSS, MB. */
  peak: number;
  /** RssAnon: heap and other private memory, MB. */
  anon: number;
  /** RssFile: mapped files (node's own code pages, shared with every node process), MB. */
  file: number;
}

export function rssMb(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: mb('VmRSS'), peak: mb('VmHWM'), anon: mb('RssAnon'), file: mb('RssFile') };
}

/** utime + stime of /proc/<pid>/stat, in ms (clock ticks of USER_HZ, 100 on Linux). */
export function statCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state(0) ppid(1) … utime is field 14 of the line, index 11 here.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * The packages (esbuild leaves them in node_modules) an engine has loaded once it listens: the
 * bundle's own `require`s, recorded by a hook loaded with `node --require`, for a short run of
 * `engine run` on `dirs` (its tunnels may not even connect). Lazy ones (a mailer, metrics) are
 * not in the list unless the start needed them.
 */
export async function packagesLoadedByEngine(dirs: EngineDirs): Promise<string[]> {
  const out = path.join(mkdtempSync(path.join(work, 'loaded-')), 'loaded.json');
  const hook = path.join(path.dirname(out), 'hook.cjs');
  writeFileSync(
    hook,
    `const Module = require('node:module');
const seen = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (parent && parent.filename === ${JSON.stringify(path.join(root, 'out/cli/tunnelkeeper.cjs'))}) seen.add(request);
  return load.call(this, request, parent, isMain);
};
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify([...seen])));
`,
  );
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, '--require', hook, BIN, 'engine', 'run', '--config', dirs.config],
    { env: { ...process.env, ...dirs.env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  spawned.push(child);
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const deadline = Date.now() + 30_000;
  while (!/running \(pid \d+\)/.test(err)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`engine run (load hook) did not start:\n${err}`);
    await sleep(20);
  }
  await terminate(child);
  const names = new Set(
    (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter(
      (spec) =>
        !spec.startsWith('.') &&
        !spec.startsWith('node:') &&
        !spec.endsWith('.json') &&
        !builtinModules.includes(spec.split('/')[0]!),
    ),
  );
  // A file inside a package that is loaded whole anyway (ssh2/lib/…) adds nothing.
  return [...names].filter((n) => !n.includes('/') || !names.has(n.split('/')[0]!));
}

/** RSS of a node process (same flags) that requires `modules` and then idles. */
export async function nodeRss(modules: string[]): Promise<Memory> {
  const code = `for (const m of ${JSON.stringify(modules)}) require(m); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, [...NODE_FLAGS, '-e', code], {
    cwd: root,
    stdio: 'ignore',
  });
  spawned.push(child);
  await sleep(1500);
  const memory = rssMb(child.pid!);
  await terminate(child);
  return memory;
}

/** A helper script of this folder in its own node process, spoken to by lines. */
export interface LineChild {
  child: ChildProcess;
  pid: number;
  /** The next stdout line. */
  next(): Promise<string>;
  /** Writes `line` to its stdin and resolves to its answer. */
  ask(line: string): Promise<string>;
  /** Closes its stdin (it exits), SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export function lineChild(script: string, args: string[] = []): LineChild {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, script), ...args],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  spawned.push(child);
  let pending = '';
  let err = '';
  const waiting: ((line: string) => void)[] = [];
  const early: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      const resolve = waiting.shift();
      if (resolve) resolve(line);
      else early.push(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = early.shift();
      if (line !== undefined) return resolve(line);
      waiting.push(resolve);
      void exited.then(() => reject(new Error(`${script} exited:\n${err}`)));
    });
  return {
    child,
    pid: child.pid!,
    next,
    ask(line) {
      const answer = next();
      child.stdin!.write(`${line}\n`);
      return answer;
    },
    async stop() {
      child.stdin!.end();
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface Follower {
  pid: number;
  /** ms from the follower's connect() to its subscribe() result, as it measured it. */
  attachMs: number;
  /** Log events and all events read so far. */
  count(): Promise<{ logs: number; events: number }>;
  /** Subscribes again with (true) or without (false) the log lines. */
  follow(logs: boolean): Promise<void>;
  stop(): Promise<void>;
}

/** Starts engine-follower.ts and waits until it has subscribed. */
export async function startFollower(dataDir: string): Promise<Follower> {
  const c = lineChild('engine-follower.ts', [dataDir]);
  const ready = await c.next();
  if (!ready.startsWith('ready ')) throw new Error(`log follower: ${ready}`);
  return {
    pid: c.pid,
    attachMs: Number(ready.split(' ')[1]),
    async count() {
      const [, logs, events] = (await c.ask('count')).split(' ');
      return { logs: Number(logs), events: Number(events) };
    },
    async follow(logs) {
      const answer = await c.ask(logs ? 'on' : 'off');
      if (answer !== 'ok') throw new Error(`log follower: ${answer}`);
    },
    stop: () => c.stop(),
  };
}

export interface Load {
  pid: number;
  /** The discard server the verbose profile's forward points at. */
  targetPort: number;
  connect(forwardPort: number, connections: number): Promise<void>;
  /** Writes per second; 0 stops. */
  rate(writes: number): Promise<void>;
  count(): Promise<{ writes: number; received: number }>;
  stop(): Promise<void>;
}

/** Starts engine-load.ts: its discard server listens once this resolves. */
export async function startLoad(): Promise<Load> {
  const c = lineChild('engine-load.ts');
  const port = await c.next();
  if (!port.startsWith('port ')) throw new Error(`engine-load: ${port}`);
  return {
    pid: c.pid,
    targetPort: Number(port.split(' ')[1]),
    async connect(forwardPort, connections) {
      const answer = await c.ask(`connect ${forwardPort} ${connections}`);
      if (answer !== 'connected') throw new Error(`engine-load: ${answer}`);
    },
    async rate(writes) {
      await c.ask(`rate ${writes}`);
    },
    async count() {
      const [, writes, received] = (await c.ask('count')).split(' ');
      return { writes: Number(writes), received: Number(received) };
    },
    stop: () => c.stop(),
  };
}
