/**
 * `npx tsx scripts/bench/floors.ts`: how much of Tunnelkeeper's distance to OpenSSH is Node's
 * own, before any tunnel code (issue #19: "client CPU per request ≤ OpenSSH's", "p99 ≤
 * OpenSSH's", "50 idle tunnels ≤ 60 MB RSS"). In one run, rounds interleaved and rotated:
 *   node relay  a Node process that only relays TCP (net + pipe, no SSH, no crypto)
 *   ssh2 alone  a Node process with ssh2's forwardOut and nothing else (aes128-gcm, as tk)
 *   tunnelkeeper `tunnelkeeper up` with the same forwards
 *   ssh         OpenSSH's `ssh -N -L`
 * each carrying a -L to PostgreSQL (pgbench -S, 1 and 8 clients: tps and the relay process's CPU
 * per transaction) and to a 100 B → 1 KiB request/response server (p50/p99, CPU per request).
 * Then memory, side by side after BENCH_SETTLE_S: an idle node, node with ssh2 loaded, 50 bare
 * ssh2 connections with a listener each, and a Tunnelkeeper engine with 50 tunnels.
 * The relays run scripts/bench/floor-relay.cjs under plain node with the engine's node flags.
 *   BENCH_ROUNDS (6) BENCH_SECONDS (5, per pgbench run) BENCH_RR (2000) BENCH_TUNNELS (50)
 *   BENCH_SETTLE_S (25) BENCH_MEMORY=0 skips the memory part. Not a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS } from '../../main/core/engine/boot/engine-command';
import { freePorts } from '../../tests/helpers/ports';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { requireProgram } from './clients-peers';
import { pgbenchSelect } from './clients-run';
import { startPostgres } from './clients-servers';
import { coldEnv, sshOptions } from './clients-tools';
import { processCpuMs } from './cpu';
import {
  allConnectedWall,
  engineConfig,
  freshDirs,
  rssMb,
  spawnEngine,
  terminate,
} from './engine-process';
import { latencies, median, percentile } from './measure';
import {
  localForward,
  root,
  runBench,
  sleep,
  spawned,
  sshdProfile,
  startTk,
  waitForPort,
  writeTkConfig,
} from './processes';
import { echo, requestResponse } from './servers';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const ROUNDS = num('BENCH_ROUNDS', 6);
const SECONDS = num('BENCH_SECONDS', 5);
const RR = num('BENCH_RR', 2000);
const TUNNELS = num('BENCH_TUNNELS', 50);
const SETTLE_S = num('BENCH_SETTLE_S', 25);
const RELAY = path.join(root, 'scripts/bench/floor-relay.cjs');
const say = (line: string) => process.stdout.write(`${line}\n`);

/** `node <engine's flags> <args>` without this machine's extra CA bundle; stdout piped. */
function node(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...args], {
    env: coldEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  spawned.push(child);
  return child;
}

const relay = (args: string[]) => node([RELAY, ...args]);

async function waitUp(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('UP')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`floor-relay exited (${code}) before UP`)));
  });
}

interface Contender {
  name: string;
  pid: number;
  pg: number;
  rr: number;
}

async function contenders(sshd: SshdHandle, pgPort: number, rrPort: number): Promise<Contender[]> {
  const ports = await freePorts(8);
  const pair = (i: number) => [`${ports[i]}:${pgPort}`, `${ports[i + 1]}:${rrPort}`];
  const login = [sshd.host, String(sshd.port), sshd.user, sshd.clientKeyPath];
  const tcp = relay(['tcp', ...pair(0)]);
  const ssh2 = relay(['ssh2', ...login, ...pair(2)]);
  await Promise.all([waitUp(tcp), waitUp(ssh2)]);
  const tk = await startTk(
    writeTkConfig([
      sshdProfile(sshd, 'floors', [
        localForward('pg', ports[4]!, pgPort),
        localForward('rr', ports[5]!, rrPort),
      ]),
    ]),
    1,
  );
  const ssh = spawn(
    requireProgram('ssh'),
    [
      ...sshOptions(sshd, false),
      '-L',
      `${ports[6]}:127.0.0.1:${pgPort}`,
      '-L',
      `${ports[7]}:127.0.0.1:${rrPort}`,
      `${sshd.user}@${sshd.host}`,
    ],
    { stdio: 'ignore' },
  );
  spawned.push(ssh);
  for (const port of [ports[6]!, ports[7]!]) await waitForPort(port, ssh);
  const at = (name: string, child: ChildProcess, i: number) => ({
    name,
    pid: child.pid!,
    pg: ports[i]!,
    rr: ports[i + 1]!,
  });
  return [
    at('node relay', tcp, 0),
    at('ssh2 alone', ssh2, 2),
    at('tunnelkeeper', tk.child, 4),
    at('ssh', ssh, 6),
  ];
}

type Series = Record<string, number[]>;
const push = (s: Series, key: string, v: number) => (s[key] ??= []).push(v);

async function throughputAndLatency(list: Contender[]): Promise<void> {
  const results = new Map<string, Series>(list.map((c) => [c.name, {}]));
  for (const c of list) {
    // Warm-up, not counted: a young Node process is slower while V8 optimises its hot path.
    await pgbenchSelect(c.pg, 8, 2);
    await latencies(c.rr, 5000);
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < list.length; i++) {
      const c = list[(i + r) % list.length]!;
      const s = results.get(c.name)!;
      for (const clients of [1, 8]) {
        const cpu0 = processCpuMs(c.pid);
        const run = await pgbenchSelect(c.pg, clients, SECONDS);
        push(s, `tps${clients}`, run.tps);
        push(s, `cpu${clients}`, ((processCpuMs(c.pid) - cpu0) * 1000) / run.transactions);
      }
      const cpu0 = processCpuMs(c.pid);
      const times = await latencies(c.rr, RR);
      push(s, 'cpuRr', ((processCpuMs(c.pid) - cpu0) * 1000) / RR);
      push(s, 'p50', percentile(times, 50));
      push(s, 'p99', percentile(times, 99));
    }
  }
  const rows: [string, string, number][] = [
    ['pgbench -S 1 client: tps', 'tps1', 0],
    ['  relay CPU µs per transaction', 'cpu1', 1],
    ['pgbench -S 8 clients: tps', 'tps8', 0],
    ['  relay CPU µs per transaction', 'cpu8', 1],
    ['100 B → 1 KiB: p50 ms', 'p50', 3],
    ['  p99 ms', 'p99', 3],
    ['  relay CPU µs per request', 'cpuRr', 1],
  ];
  say(
    `medians of ${ROUNDS} rounds (ratio to ssh in brackets); load ${os.loadavg()[0]!.toFixed(2)}`,
  );
  say(`| | ${list.map((c) => c.name).join(' | ')} |`);
  say(`| --- |${list.map(() => ' --- |').join('')}`);
  for (const [label, key, digits] of rows) {
    const ssh = median(results.get('ssh')![key]!);
    const cells = list.map((c) => {
      const m = median(results.get(c.name)![key]!);
      return c.name === 'ssh'
        ? m.toFixed(digits)
        : `${m.toFixed(digits)} (${(m / ssh).toFixed(2)}×)`;
    });
    say(`| ${label} | ${cells.join(' | ')} |`);
  }
}

async function memory(sshd: SshdHandle): Promise<void> {
  const target = await echo();
  const ports = await freePorts(TUNNELS);
  const idle = node(['-e', 'setInterval(() => {}, 1000)']);
  const withSsh2 = node([
    '-e',
    `require(${JSON.stringify(require.resolve('ssh2'))}); setInterval(() => {}, 1000)`,
  ]);
  const bare = relay([
    'ssh2-idle',
    sshd.host,
    String(sshd.port),
    sshd.user,
    sshd.clientKeyPath,
    String(TUNNELS),
  ]);
  const ids = Array.from({ length: TUNNELS }, (_, i) => `idle-${i + 1}`);
  const dirs = freshDirs(
    engineConfig(
      sshd,
      ids.map((id, i) => ({
        id,
        forwards: [{ id: 'f', bindPort: ports[i]!, targetPort: target.port }],
      })),
    ),
  );
  const engine = spawnEngine(dirs);
  await Promise.all([waitUp(bare), allConnectedWall(dirs.dataDir, ids, engine.child)]);
  await sleep(SETTLE_S * 1000);
  say(
    `\nmemory after ${SETTLE_S} s settled, MB: RSS (private anon + file-backed, mostly node's own binary)`,
  );
  for (const [name, pid] of [
    ['idle node', idle.pid!],
    ['node + require("ssh2")', withSsh2.pid!],
    [`${TUNNELS} bare ssh2 connections`, bare.pid!],
    [`tunnelkeeper engine, ${TUNNELS} tunnels`, engine.pid],
  ] as [string, number][]) {
    const m = rssMb(pid);
    say(
      `  ${name.padEnd(34)} RSS ${m.rss.toFixed(1)}  anon ${m.anon.toFixed(1)}  file ${m.file.toFixed(1)}`,
    );
  }
  await terminate(engine.child);
  target.close();
}

async function main(): Promise<void> {
  const sshd = await startSshd({ extraConfig: ['MaxStartups 200'] });
  const pg = await startPostgres(1);
  const rr = await requestResponse();
  try {
    say(`floors: ${ROUNDS} rounds, pgbench ${SECONDS} s per run, ${RR} request/response exchanges`);
    await throughputAndLatency(await contenders(sshd, pg.port, rr.port));
    for (const child of spawned) if (child.exitCode === null) child.kill();
    if (process.env.BENCH_MEMORY !== '0') await memory(sshd);
  } finally {
    for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
    rr.close();
    pg.stop();
    await sshd.stop();
  }
}

runBench(main);
