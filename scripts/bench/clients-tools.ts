/**
 * The contenders of the client benchmark. Each is one client process against the same sshd
 * carrying every forward the clients need: -L to PostgreSQL, -R from a server-side port to
 * redis, -D (SOCKS5) for curl, and -L to the bulk source and the request/response server of the
 * tunnel benchmark. `no tunnel` reaches the same servers directly: the floor.
 * Also the cold start: a new tunnel process, timed from its spawn to the first reply byte.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePorts } from '../../tests/helpers/ports';
import type { SshdHandle } from '../../tests/helpers/sshd';
import { requireProgram } from './clients-peers';
import {
  localForward,
  root,
  sleep,
  spawnLogged,
  sshdProfile,
  spawned,
  startTk,
  stop,
  tkCipher,
  waitForPort,
  work,
  writeTkConfig,
} from './processes';

export const CONTENDERS = ['tunnelkeeper', 'ssh', 'plink', 'no tunnel'] as const;
export type ContenderName = (typeof CONTENDERS)[number];

export interface Targets {
  pgPort: number;
  redisPort: number;
  bulkPort: number;
  rrPort: number;
}

export interface Contender {
  name: ContenderName;
  /** Where each client connects: a local port, the server-side -R port, the SOCKS port. */
  pgPort: number;
  redisPort: number;
  /** undefined: no proxy (the direct baseline). */
  socksPort?: number;
  bulkPort: number;
  rrPort: number;
  child?: ChildProcess;
  cipher: string;
}

export interface Ports {
  pg: number;
  redisRemote: number;
  socks: number;
  bulk: number;
  rr: number;
}

/** The contenders' one profile: -L pg, -R redis, -D socks, -L bulk, -L rr. */
export function tkConfigFile(sshd: SshdHandle, t: Targets, p: Ports): string {
  const file = path.join(mkdtempSync(path.join(work, 'tk-clients-')), 'config.json');
  const local = (id: string, bindPort: number, targetPort: number) => ({
    type: 'local',
    id,
    bindPort,
    targetHost: '127.0.0.1',
    targetPort,
  });
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      profiles: [
        {
          id: 'clients',
          name: 'clients',
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          auth: { keyFile: sshd.clientKeyPath },
          hostKey: { pinned: [sshd.hostKeyFingerprint] },
          forwards: [
            local('pg', p.pg, t.pgPort),
            {
              type: 'remote',
              id: 'redis',
              bindPort: p.redisRemote,
              targetHost: '127.0.0.1',
              targetPort: t.redisPort,
            },
            { type: 'dynamic', id: 'socks', bindPort: p.socks },
            local('bulk', p.bulk, t.bulkPort),
            local('rr', p.rr, t.rrPort),
          ],
        },
      ],
    }),
  );
  return file;
}

/** OpenSSH and plink take the same -L/-R/-D syntax. */
function forwardArgs(t: Targets, p: Ports): string[] {
  return [
    '-L',
    `${p.pg}:127.0.0.1:${t.pgPort}`,
    '-R',
    `${p.redisRemote}:127.0.0.1:${t.redisPort}`,
    '-D',
    String(p.socks),
    '-L',
    `${p.bulk}:127.0.0.1:${t.bulkPort}`,
    '-L',
    `${p.rr}:127.0.0.1:${t.rrPort}`,
  ];
}

export function sshOptions(sshd: SshdHandle, verbose: boolean): string[] {
  const options = [...(verbose ? ['-v'] : []), '-N', '-p', String(sshd.port)];
  options.push('-i', sshd.clientKeyPath);
  for (const o of [
    'StrictHostKeyChecking=no',
    'UserKnownHostsFile=/dev/null',
    'BatchMode=yes',
    'ExitOnForwardFailure=yes',
  ])
    options.push('-o', o);
  return options;
}

let ppkFile: string | undefined;
export function plinkOptions(sshd: SshdHandle, verbose: boolean): string[] {
  if (!ppkFile) {
    ppkFile = path.join(work, 'clients.ppk');
    execFileSync(requireProgram('puttygen'), [sshd.clientKeyPath, '-O', 'private', '-o', ppkFile]);
  }
  return [
    '-ssh',
    ...(verbose ? ['-v'] : []),
    '-batch',
    '-N',
    '-P',
    String(sshd.port),
    '-i',
    ppkFile,
    '-hostkey',
    sshd.hostKeyFingerprint,
  ];
}

async function readyAll(p: Ports, child: ChildProcess): Promise<void> {
  // The -R port is the server's listener: it answers once the server granted the forward.
  for (const port of [p.pg, p.redisRemote, p.socks, p.bulk, p.rr]) await waitForPort(port, child);
}

export async function startContender(
  name: ContenderName,
  sshd: SshdHandle,
  t: Targets,
): Promise<Contender> {
  if (name === 'no tunnel')
    return {
      name,
      pgPort: t.pgPort,
      redisPort: t.redisPort,
      bulkPort: t.bulkPort,
      rrPort: t.rrPort,
      cipher: '-',
    };
  const [pg, redisRemote, socks, bulk, rr] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const p: Ports = { pg, redisRemote, socks, bulk, rr };
  const ports = {
    pgPort: pg,
    redisPort: redisRemote,
    socksPort: socks,
    bulkPort: bulk,
    rrPort: rr,
  };
  if (name === 'tunnelkeeper') {
    const tk = await startTk(tkConfigFile(sshd, t, p), 1);
    await readyAll(p, tk.child);
    return { name, ...ports, child: tk.child, cipher: tkCipher(tk.dir, 'clients') };
  }
  const user = `${sshd.user}@127.0.0.1`;
  const s =
    name === 'ssh'
      ? spawnLogged(requireProgram('ssh'), [...sshOptions(sshd, true), ...forwardArgs(t, p), user])
      : spawnLogged(requireProgram('plink'), [
          ...plinkOptions(sshd, true),
          ...forwardArgs(t, p),
          user,
        ]);
  await readyAll(p, s.child);
  const cipher =
    name === 'ssh'
      ? /cipher: (\S+)/.exec(s.stderr())?.[1]
      : /Initialised (.+?) (?:outbound|client->server) encryption/.exec(s.stderr())?.[1];
  return { name, ...ports, child: s.child, cipher: cipher ?? '?' };
}

/** One attempt: connect, send a 100-byte request, resolve on the first reply byte. */
function firstByte(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => {
      s.setNoDelay(true);
      s.write(Buffer.alloc(100, 0x71));
    });
    s.once('data', () => finish(true));
    s.once('error', () => finish(false));
    s.once('close', () => finish(false));
  });
}

/**
 * Cold start: spawn a fresh tunnel process with one -L to the request/response server and time
 * from the spawn call to the first byte of a reply through it (connect attempts every 2 ms
 * until the forward listens). Tunnelkeeper runs as users start it: the bin, `up --config`.
 */
/**
 * The environment of a cold-started tunnel process. This machine sets NODE_EXTRA_CA_CERTS (the
 * system's CA bundle, 140 KB) for every process; Node 20 reads and parses that file before it
 * runs any code (`node -e 0`: 110 ms with it, 65 ms without, here), and no contender uses TLS.
 * A user's machine does not set it, so it is left out for every contender unless
 * BENCH_KEEP_EXTRA_CA=1 (cold-start.ts prints what it costs).
 */
export function coldEnv(): NodeJS.ProcessEnv {
  if (process.env.BENCH_KEEP_EXTRA_CA === '1') return process.env;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

export async function coldStart(
  name: Exclude<ContenderName, 'no tunnel'>,
  sshd: SshdHandle,
  rrTarget: number,
  probe: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; bin?: string } = {},
): Promise<number> {
  const nodeArgs = probe.nodeArgs ?? [];
  const [port] = (await freePorts(1)) as [number];
  let file: string;
  let args: string[];
  let env: NodeJS.ProcessEnv = coldEnv();
  if (name === 'tunnelkeeper') {
    const dir = mkdtempSync(path.join(work, 'tk-cold-'));
    const config = writeTkConfig(
      [sshdProfile(sshd, 'cold', [localForward('rr', port, rrTarget)])],
      dir,
    );
    // probe.bin: another build for A/B runs (a copy of bin/tunnelkeeper.cjs, or with
    // probe.nodeArgs a bundle run by node).
    const bin = probe.bin ?? path.join(root, 'bin/tunnelkeeper.cjs');
    if (!existsSync(probe.bin ?? path.join(root, 'out/cli/tunnelkeeper.cjs')))
      throw new Error('the CLI bundle is missing: run `npm run build:cli`');
    file = nodeArgs.length ? process.execPath : bin;
    args = [...(nodeArgs.length ? [...nodeArgs, bin] : []), 'up', '--config', config];
    env = {
      ...coldEnv(),
      TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
      TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
      ...probe.env,
    };
  } else {
    const user = `${sshd.user}@127.0.0.1`;
    const forward = ['-L', `${port}:127.0.0.1:${rrTarget}`];
    file = requireProgram(name);
    args =
      name === 'ssh'
        ? [...sshOptions(sshd, false), ...forward, user]
        : [...plinkOptions(sshd, false), ...forward, user];
  }
  const t0 = process.hrtime.bigint();
  const child = spawn(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  spawned.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    for (;;) {
      if (await firstByte(port)) return Number(process.hrtime.bigint() - t0) / 1e6;
      if (child.exitCode !== null)
        throw new Error(`${name} exited (${child.exitCode}) before forwarding: ${stderr}`);
      if (Number(process.hrtime.bigint() - t0) > 30e9)
        throw new Error(`${name}: no first byte in 30 s`);
      await sleep(2);
    }
  } finally {
    await stop(child);
  }
}
