/** The processes the tunnel benchmark starts (tools, `tunnelkeeper up`) and how it stops them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SshdHandle } from '../../tests/helpers/sshd';
import { connect } from './measure';

export const root = path.resolve(__dirname, '../..');
export const work = mkdtempSync(path.join(os.tmpdir(), 'tk-bench-'));
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForPort(
  port: number,
  child: ChildProcess,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`process exited (${child.exitCode}) before listening`);
    const ok = await connect(port).then(
      (s) => (s.destroy(), true),
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`port ${port} never opened`);
    await sleep(100);
  }
}

/** Everything the benchmark starts, so that a failure midway leaves nothing running. */
export const spawned: ChildProcess[] = [];

export function spawnLogged(cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return { child, stdout: () => out, stderr: () => err };
}

export interface TkProfile {
  id: string;
  forwards: { id: string; bindPort: number; targetPort: number }[];
}

/** A forward from `bindPort` on this side to 127.0.0.1:`targetPort`. */
export const localForward = (id: string, bindPort: number, targetPort: number) => ({
  type: 'local',
  id,
  bindPort,
  targetHost: '127.0.0.1',
  targetPort,
});

/** A profile for the bench's sshd (its client key, its host key pinned) with these forwards. */
export function sshdProfile(
  sshd: SshdHandle,
  id: string,
  forwards: object[],
  extra: object = {},
): object {
  return {
    id,
    name: id,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { keyFile: sshd.clientKeyPath },
    hostKey: { pinned: [sshd.hostKeyFingerprint] },
    forwards,
    ...extra,
  };
}

/** Writes `{ version: 1, profiles }` to config.json in `dir` (a new one by default): its path. */
export function writeTkConfig(
  profiles: object[],
  dir = mkdtempSync(path.join(work, 'tk-')),
): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ version: 1, profiles }));
  return file;
}

export function tkConfig(sshd: SshdHandle, profiles: TkProfile[]): string {
  return writeTkConfig(
    profiles.map((p) =>
      sshdProfile(
        sshd,
        p.id,
        p.forwards.map((f) => localForward(f.id, f.bindPort, f.targetPort)),
      ),
    ),
  );
}

/** Runs a benchmark's main and exits: 0 when it ends well, 1 with the error printed. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Starts `tunnelkeeper up --json` and resolves once `count` profiles reported `connected`. */
export async function startTk(
  config: string,
  count: number,
  env: NodeJS.ProcessEnv = {},
  nodeArgs: string[] = [],
) {
  const dir = path.dirname(config);
  // Run as users run it (`npx tunnelkeeper up`): through the bin's shebang and its node flags,
  // unless the caller wants node options of its own (e.g. --cpu-prof).
  const bin = path.join(root, 'bin/tunnelkeeper.cjs');
  const args = ['up', '--config', config, '--json'];
  const p = spawnLogged(
    nodeArgs.length ? process.execPath : bin,
    nodeArgs.length ? [...nodeArgs, bin, ...args] : args,
    {
      TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
      TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
      ...env,
    },
  );
  const deadline = Date.now() + 60_000;
  const connectedCount = () =>
    new Set(
      p
        .stdout()
        .split('\n')
        .filter((l) => l.includes('"state":"connected"'))
        .map((l) => (JSON.parse(l) as { profile: string }).profile),
    ).size;
  while (connectedCount() < count) {
    if (p.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`tunnelkeeper up did not connect: ${p.stderr()}\n${p.stdout().slice(-2000)}`);
    await sleep(50);
  }
  return { ...p, dir };
}

export function tkCipher(dir: string, id: string): string {
  const log = path.join(dir, 'data', 'logs', `${id}.log`);
  const m = existsSync(log)
    ? /handshake done \([^,]+, ([^)]+)\)/.exec(readFileSync(log, 'utf8'))
    : null;
  return m?.[1] ?? '?';
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([done, sleep(5000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
