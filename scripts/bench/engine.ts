/**
 * `npm run bench:engine`: the engine (`tunnelkeeper engine run`) as a real process against one
 * OpenSSH sshd on 127.0.0.1:
 *   1. start: spawn → first `"state":"connected"` on stdout, fresh engine each time, against
 *      `tunnelkeeper up` with the same config, interleaved;
 *   2. attach: EngineClient.connect() → subscribe() result, from this process; and the wall
 *      time of `tunnelkeeper status --json` (spawn → exit);
 *   3. 50 idle tunnels in one engine: RSS and CPU after settling (and `up` for comparison);
 *   4. a client following the log at ~10,000 lines/s: bulk throughput through another tunnel of
 *      the same engine without log traffic (a), with it but nobody following (a′), and with a
 *      follower subscribed (b), rounds interleaved.
 * Not a test: it prints numbers and "met"/"missed" against the targets.
 *   BENCH_QUICK=1        small sizes (a smoke run, numbers too noisy to quote)
 *   BENCH_STAGES=a,b     only these of start,attach,idle,follow
 *   BENCH_ROUNDS=N       rounds per condition in the follow stage (default 7)
 *   BENCH_MB=N           MiB per bulk download in the follow stage (default 128)
 *   BENCH_LOG_RATE=N     log lines per second to aim at (default 10000)
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EngineClient } from '../../main/core/engine/client';
import { engineEndpoint } from '../../main/core/engine/endpoint';
import { freePort, freePorts } from '../../tests/helpers/ports';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { commandCpuMs, processCpuMs, selfCpuMs } from './cpu';
import {
  allConnectedWall,
  engineConfig,
  firstConnectingWall,
  freshDirs,
  loggedBetween,
  nodeRss,
  packagesLoadedByEngine,
  rssMb,
  spawnEngine,
  spawnUp,
  startFollower,
  startLoad,
  statCpuMs,
  terminate,
  timedCli,
  type CliRun,
  type EngineDirs,
  type EngineProfile,
  type Memory,
} from './engine-process';
import { median, percentile, throughput } from './measure';
import { root, sleep, spawned, waitForPort, work } from './processes';
import { bulkSource, echo, type Server } from './servers';

const QUICK = process.env.BENCH_QUICK === '1';
const STAGES = (process.env.BENCH_STAGES ?? 'start,attach,idle,follow').split(',');
const STARTS = QUICK ? 3 : 10;
const ATTACHES = QUICK ? 20 : 50;
const STATUSES = QUICK ? 3 : 10;
const IDLE_TUNNELS = 50;
/**
 * After all connected: V8 collects the start-up's garbage and gives memory back 10–25 s after
 * the start (RSS −15 MB, ~2 % CPU for a few seconds), so a shorter settle measures that.
 */
const SETTLE_S = QUICK ? 3 : 30;
const WINDOW_S = QUICK ? 10 : 30;
const ONE_TUNNEL_WINDOW_S = QUICK ? 3 : 10;
const ONE_TUNNEL_SETTLE_S = QUICK ? 3 : 25;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 7));
const BULK = Number(process.env.BENCH_MB ?? (QUICK ? 32 : 128)) * 1024 * 1024;
const LOG_RATE = Number(process.env.BENCH_LOG_RATE ?? 10_000);
/** Connections the log traffic is spread over: a write every ~25 ms on each at 10,000/s. */
const LOAD_CONNECTIONS = 250;
const FOLLOW_COST_PAIRS = QUICK ? 2 : 4;
const TARGET = { rssMb: 60, cpuPercent: 0.5 };

/** Rows of the final table: metric, value, target, verdict. */
const summary: [string, string, string, string][] = [];
const add = (metric: string, value: string, target = '', verdict = '') =>
  summary.push([metric, value, target, verdict]);
const verdict = (ok: boolean) => (ok ? 'met' : 'missed');
const p = (values: number[], q: number) => percentile(values, q);
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ms`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`${line}\n`);

let server: SshdHandle | undefined;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function oneForward(id: string, bindPort: number, target: Server): EngineProfile {
  return { id, forwards: [{ id: 'f', bindPort, targetPort: target.port }] };
}

/** A fresh engine, once every profile's log says connected (its stdout can miss them). */
async function runEngine(dirs: EngineDirs, profiles: string[]): Promise<CliRun> {
  const run = spawnEngine(dirs);
  await allConnectedWall(dirs.dataDir, profiles, run.child);
  return run;
}

/** 1. Spawn → first `connected`, engine and `up` interleaved, each a fresh process and dirs. */
async function start(sshd: SshdHandle, target: Server): Promise<void> {
  const config = engineConfig(sshd, [oneForward('t1', await freePort(), target)]);
  const kinds = [
    { name: 'engine run', spawn: spawnEngine },
    { name: 'up', spawn: spawnUp },
  ];
  const connected = new Map<string, number[]>(kinds.map((k) => [k.name, []]));
  const booted = new Map<string, number[]>(kinds.map((k) => [k.name, []]));
  const missing = new Map<string, number>(kinds.map((k) => [k.name, 0]));
  // One untimed start of each first: the disk cache, sshd's first session.
  for (let i = -1; i < STARTS; i++)
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(k + Math.max(i, 0)) % kinds.length]!;
      const dirs = freshDirs(config);
      const run = kind.spawn(dirs);
      // The tunnel's log says when it connected; the stdout line is the measure, unless the
      // process printed none (an engine that subscribed to its events too late).
      const logged = await allConnectedWall(dirs.dataDir, ['t1'], run.child);
      await sleep(50);
      const line = run.lines.find((l) => l.text.includes('"state":"connected"'));
      await terminate(run.child);
      if (i < 0) continue;
      if (!line) missing.set(kind.name, missing.get(kind.name)! + 1);
      connected.get(kind.name)!.push(line ? line.at - run.spawnedAt : logged - run.spawnedWall);
      booted.get(kind.name)!.push(firstConnectingWall(dirs.dataDir, 't1') - run.spawnedWall);
    }
  const e = connected.get('engine run')!;
  const u = connected.get('up')!;
  say(
    `\n1. start → first tunnel connected (1 profile, ${STARTS} fresh processes each, interleaved)`,
  );
  for (const kind of kinds) {
    const c = connected.get(kind.name)!;
    const b = booted.get(kind.name)!;
    say(
      `  ${kind.name.padEnd(10)} p50 ${ms(median(c))} (min ${ms(Math.min(...c))}, max ${ms(Math.max(...c))}); of which spawn → the tunnel's first "state connecting" log entry p50 ${ms(median(b))}${missing.get(kind.name) ? `; ${missing.get(kind.name)} of ${STARTS} printed no "connected" line (timed from the tunnel log instead)` : ''}`,
    );
  }
  say(`  engine / up (p50): ${(median(e) / median(u)).toFixed(2)}×`);
  add(
    'start → connected, engine run p50 (min–max)',
    `${ms(median(e))} (${ms(Math.min(...e))}–${ms(Math.max(...e))})`,
  );
  add(
    'start → connected, up p50 (min–max)',
    `${ms(median(u))} (${ms(Math.min(...u))}–${ms(Math.max(...u))})`,
  );
  add('start → connected, engine / up', `${(median(e) / median(u)).toFixed(2)}×`);
}

/** 2. Attach from this process (connect + subscribe as the app does) and `status --json`. */
async function attach(dirs: EngineDirs, tunnels: number): Promise<void> {
  const endpoint = engineEndpoint(dirs.dataDir);
  const once = async () => {
    const t0 = performance.now();
    const client = await EngineClient.connect({ endpoint, client: 'bench' });
    const t1 = performance.now();
    // The app's attach (main/app/engine-services.ts): the list and 200 recent lines per tunnel.
    const first = await client.subscribe({ logs: { backlog: 200 } });
    const t2 = performance.now();
    client.close();
    if (first.tunnels.length !== tunnels)
      throw new Error(`snapshot has ${first.tunnels.length} tunnels, expected ${tunnels}`);
    return { total: t2 - t0, connect: t1 - t0, backlog: first.backlog.length };
  };
  const cold = await once();
  for (let i = 0; i < 2; i++) await once();
  const samples = [];
  for (let i = 0; i < ATTACHES; i++) samples.push(await once());
  const totals = samples.map((s) => s.total);
  const connects = samples.map((s) => s.connect);
  await timedCli(['status', '--json'], dirs.env);
  const status: number[] = [];
  for (let i = 0; i < STATUSES; i++) {
    const r = await timedCli(['status', '--json'], dirs.env);
    const parsed = JSON.parse(r.stdout) as { running: boolean; tunnels: unknown[] };
    if (!parsed.running || parsed.tunnels.length !== tunnels)
      throw new Error(`status --json: ${r.stdout.slice(0, 500)}`);
    status.push(r.ms);
  }
  say(
    `\n2. attach to an engine with ${tunnels} tunnel(s): connect() → subscribe({logs:{backlog:200}}) result, ${ATTACHES} attaches after 3 untimed`,
  );
  say(
    `  p50 ${ms(p(totals, 50))}, p99 ${ms(p(totals, 99))}, max ${ms(Math.max(...totals))}; of which connect() (token challenge) p50 ${ms(p(connects, 50))}; backlog ${samples[0]!.backlog} lines; the first (cold) attach of this process ${ms(cold.total)}`,
  );
  say(
    `  tunnelkeeper status --json (spawn → exit), ${STATUSES} runs after 1 untimed: p50 ${ms(median(status))} (min ${ms(Math.min(...status))}, max ${ms(Math.max(...status))})`,
  );
  add(`attach p50 / p99, ${tunnels} tunnel(s)`, `${ms(p(totals, 50))} / ${ms(p(totals, 99))}`);
  add(`status --json p50, ${tunnels} tunnel(s)`, ms(median(status)));
}

interface Idle extends Memory {
  /** RSS sampled every second over the window: lowest and highest (`rss` is the median). */
  rssMin: number;
  rssMax: number;
  /** CPU % over the whole window (schedstat, all threads). */
  cpu: number;
  /** CPU % of each 10-s part of it. */
  cpuParts: number[];
  /** The whole window's CPU % from /proc/<pid>/stat (10-ms ticks). */
  ticks: number;
}

/**
 * RSS and CPU of processes over the same `windowS` s. RSS moves with each garbage collection
 * (V8 gives pages back after a major GC), so it is sampled every second and the median is the
 * figure. CPU is also given per 10-s part: a burst of the machine's other load shows there.
 */
async function idleOf(pids: number[], windowS: number): Promise<Idle[]> {
  const c0 = pids.map((pid) => processCpuMs(pid));
  const s0 = pids.map((pid) => statCpuMs(pid));
  const t0 = performance.now();
  const samples: Memory[][] = pids.map(() => []);
  const parts: number[][] = pids.map(() => []);
  let partStart = c0;
  let partT0 = t0;
  for (let i = 1; i <= windowS; i++) {
    await sleep(t0 + i * 1000 - performance.now());
    pids.forEach((pid, k) => samples[k]!.push(rssMb(pid)));
    if (i % 10 === 0 || i === windowS) {
      const now = performance.now();
      const cpu = pids.map((pid) => processCpuMs(pid));
      pids.forEach((_, k) => parts[k]!.push(((cpu[k]! - partStart[k]!) / (now - partT0)) * 100));
      partStart = cpu;
      partT0 = now;
    }
  }
  const wall = performance.now() - t0;
  return pids.map((pid, k) => {
    const rss = samples[k]!.map((m) => m.rss);
    const mid = samples[k]!.find((m) => m.rss === median(rss))!;
    return {
      ...mid,
      peak: samples[k]!.at(-1)!.peak,
      rssMin: Math.min(...rss),
      rssMax: Math.max(...rss),
      cpu: ((processCpuMs(pid) - c0[k]!) / wall) * 100,
      cpuParts: parts[k]!,
      ticks: ((statCpuMs(pid) - s0[k]!) / wall) * 100,
    };
  });
}

const mem = (m: Memory | Idle) =>
  `RSS ${m.rss.toFixed(1)} MB${'rssMin' in m ? ` (median; ${m.rssMin.toFixed(1)}–${m.rssMax.toFixed(1)})` : ''} (anon ${m.anon.toFixed(1)}, file ${m.file.toFixed(1)}, peak ${m.peak.toFixed(1)})`;

/** 3. 50 idle tunnels in one engine (then the same in `up`), and attach with 50 tunnels. */
async function idle(sshd: SshdHandle, target: Server, oneTunnel: Idle | undefined) {
  // The engine and `up` side by side, on ports of their own, measured over the same seconds:
  // the machine's other load (if any) falls on both alike.
  const ports = await freePorts(2 * IDLE_TUNNELS);
  const kinds = [
    { name: 'engine run', spawn: spawnEngine, prefix: 'idle', ports: ports.slice(0, IDLE_TUNNELS) },
    { name: 'up', spawn: spawnUp, prefix: 'up-idle', ports: ports.slice(IDLE_TUNNELS) },
  ];
  const runs = [];
  for (const kind of kinds) {
    const ids = kind.ports.map((_, i) => `${kind.prefix}${i + 1}`);
    const dirs = freshDirs(
      engineConfig(
        sshd,
        kind.ports.map((port, i) => oneForward(ids[i]!, port, target)),
      ),
    );
    const run = kind.spawn(dirs);
    const at = await allConnectedWall(dirs.dataDir, ids, run.child);
    const stdout = run.lines.filter((l) => l.text.includes('"state":"connected"')).length;
    runs.push({ name: kind.name, dirs, run, up: at - run.spawnedWall, stdout });
  }
  progress(
    `engine run and up: ${IDLE_TUNNELS} connected each; settling ${SETTLE_S} s, measuring ${WINDOW_S} s`,
  );
  await sleep(SETTLE_S * 1000);
  const measured = await idleOf(
    runs.map((r) => r.run.pid),
    WINDOW_S,
  );
  const results = runs.map((r, k) => ({
    name: r.name,
    up: r.up,
    stdout: r.stdout,
    ...measured[k]!,
  }));
  // Attach while the 50 tunnels are up (after the idle window, which it would disturb).
  await attach(runs[0]!.dirs, IDLE_TUNNELS);
  for (const r of runs) await terminate(r.run.child);
  // What a node process holds before it runs any tunnel.
  const packages = await packagesLoadedByEngine(runs[0]!.dirs);
  const bare = await nodeRss([]);
  const withPackages = await nodeRss(packages);
  const each: string[] = [];
  for (const name of packages)
    each.push(`${name} +${((await nodeRss([name])).rss - bare.rss).toFixed(1)}`);

  const e = results[0]!;
  say(
    `\n3. ${IDLE_TUNNELS} idle tunnels (one -L each, keepalive at the default 5 s), engine and up side by side, after all connected and ${SETTLE_S} s settling; CPU over ${WINDOW_S} s`,
  );
  for (const r of results)
    say(
      `  ${r.name.padEnd(10)} ${mem(r)}; CPU ${r.cpu.toFixed(2)} % (schedstat; per 10 s ${r.cpuParts.map((c) => c.toFixed(2)).join(', ')}), ${r.ticks.toFixed(2)} % (/proc/<pid>/stat ticks); all connected ${ms(r.up)} after spawn (tunnel logs; ${r.stdout}/${IDLE_TUNNELS} "connected" events on its stdout)`,
    );
  // 50 tunnels × one keepalive each 5 s (the default interval): 10 round trips per second.
  say(
    `  engine CPU per keepalive, if the idle CPU were all keepalives: ${((e.cpu * 10_000) / (IDLE_TUNNELS / 5)).toFixed(0)} µs`,
  );
  if (oneTunnel)
    say(
      `  engine with 1 tunnel (${ONE_TUNNEL_SETTLE_S} s settling, ${ONE_TUNNEL_WINDOW_S} s window): ${mem(oneTunnel)}; CPU ${oneTunnel.cpu.toFixed(2)} % → ${((e.rss - oneTunnel.rss) / (IDLE_TUNNELS - 1)).toFixed(2)} MB per further idle tunnel`,
    );
  say(`  bare node (same flags), idle: ${mem(bare)}`);
  say(
    `  node requiring the ${packages.length} packages an engine has loaded once it listens: ${mem(withPackages)}`,
  );
  say(`  each alone over bare node, MB: ${each.join(', ')}`);
  add(
    `${IDLE_TUNNELS} idle tunnels: engine RSS`,
    `${e.rss.toFixed(1)} MB`,
    `≤ ${TARGET.rssMb} MB`,
    verdict(e.rss <= TARGET.rssMb),
  );
  add(
    `${IDLE_TUNNELS} idle tunnels: engine CPU`,
    `${e.cpu.toFixed(2)} %`,
    `≤ ${TARGET.cpuPercent} %`,
    verdict(e.cpu <= TARGET.cpuPercent),
  );
  if (oneTunnel) add('engine with 1 tunnel: RSS', `${oneTunnel.rss.toFixed(1)} MB`);
  add(
    "bare node / node + the engine's packages: RSS",
    `${bare.rss.toFixed(1)} / ${withPackages.rss.toFixed(1)} MB`,
  );
  const u = results[1];
  if (u)
    add(
      `${IDLE_TUNNELS} idle tunnels: up RSS / CPU`,
      `${u.rss.toFixed(1)} MB / ${u.cpu.toFixed(2)} %`,
    );
}

/** 4. Bulk throughput with and without a log follower while a verbose tunnel logs. */
async function follow(sshd: SshdHandle): Promise<void> {
  const bulk = await bulkSource(BULK);
  const load = await startLoad();
  const [bulkPort, chattyPort] = await freePorts(2);
  const config = engineConfig(sshd, [
    { id: 'bulk', forwards: [{ id: 'f', bindPort: bulkPort!, targetPort: bulk.port }] },
    {
      id: 'chatty',
      verbose: true,
      forwards: [{ id: 'f', bindPort: chattyPort!, targetPort: load.targetPort }],
    },
  ]);
  const dirs = freshDirs(config);
  const run = await runEngine(dirs, ['bulk', 'chatty']);
  await waitForPort(bulkPort!, run.child);
  await waitForPort(chattyPort!, run.child);
  await load.connect(chattyPort!, LOAD_CONNECTIONS);

  // Calibration, no bulk transfer running: log lines per write (the engine reads two writes
  // that arrived together as one, and sends them as one packet), counted by a follower; the
  // write rate is adjusted until the lines reach LOG_RATE (or 4× LOG_RATE writes/s).
  await throughput(bulkPort!, BULK);
  const calibrate = await startFollower(dirs.dataDir);
  let rate = LOG_RATE;
  let calibration = '';
  let followedCpu = { follower: 0, lines: 0 };
  for (let step = 0; step < 3; step++) {
    await load.rate(rate);
    await sleep(1000);
    const c0 = await calibrate.count();
    const w0 = await load.count();
    const f0 = processCpuMs(calibrate.pid);
    const t0 = performance.now();
    await sleep(2000);
    const c1 = await calibrate.count();
    const w1 = await load.count();
    const secs = (performance.now() - t0) / 1000;
    const lines = (c1.logs - c0.logs) / secs;
    const writes = (w1.writes - w0.writes) / secs;
    followedCpu = { follower: (processCpuMs(calibrate.pid) - f0) / secs / 10, lines };
    calibration = `${lines.toFixed(0)} lines/s followed at ${writes.toFixed(0)} writes/s (${(lines / writes).toFixed(2)} lines per write) with no bulk transfer`;
    progress(`calibration: ${calibration}`);
    if (Math.abs(lines / LOG_RATE - 1) < 0.1 || rate >= 4 * LOG_RATE) break;
    rate = Math.min(4 * LOG_RATE, Math.round((rate * LOG_RATE) / Math.max(lines, 1)));
  }
  // What following costs the engine: the same traffic, the same connection subscribed with and
  // without the log lines, alternating (the machine's other load moves the CPU figures).
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < FOLLOW_COST_PAIRS * 2; i++) {
    const following = i % 2 === 0;
    await calibrate.follow(following);
    await sleep(300);
    const e0 = processCpuMs(run.pid);
    const t0 = performance.now();
    await sleep(1500);
    (following ? on : off).push(((processCpuMs(run.pid) - e0) / (performance.now() - t0)) * 100);
  }
  await calibrate.stop();
  await load.rate(0);
  const unfollowedCpu = median(off);
  const followedEngine = median(on);
  const perLineUs = ((followedEngine - unfollowedCpu) * 10_000) / followedCpu.lines;
  const followCost = `no bulk transfer, ${followedCpu.lines.toFixed(0)} lines/s, one client subscribed with and without the log lines (${FOLLOW_COST_PAIRS} × 1.5 s each, alternating): engine CPU ${unfollowedCpu.toFixed(0)} % without, ${followedEngine.toFixed(0)} % with (+${perLineUs.toFixed(1)} µs per line sent); the follower process ${followedCpu.follower.toFixed(0)} %`;
  progress(followCost);

  type Condition = 'a: no log traffic' | 'a′: logs, no follower' | 'b: logs + follower';
  const conditions: Condition[] = [
    'a: no log traffic',
    'a′: logs, no follower',
    'b: logs + follower',
  ];
  const out = new Map(
    conditions.map((c) => [
      c,
      {
        mbps: [] as number[],
        engineCpu: [] as number[],
        sshdCpu: [] as number[],
        benchCpu: [] as number[],
        loadCpu: [] as number[],
        followerCpu: [] as number[],
        writesPerSec: [] as number[],
        loggedPerSec: [] as number[],
        linesPerSec: [] as number[],
      },
    ]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < conditions.length; i++) {
      const condition = conditions[(i + round) % conditions.length]!;
      const r = out.get(condition)!;
      const logs = !condition.startsWith('a:');
      const follower = condition.startsWith('b') ? await startFollower(dirs.dataDir) : undefined;
      if (logs) {
        await load.rate(rate);
        await sleep(500);
      }
      const cpu = () => ({
        engine: processCpuMs(run.pid),
        sshd: commandCpuMs('sshd'),
        bench: selfCpuMs(),
        load: processCpuMs(load.pid),
        follower: follower ? processCpuMs(follower.pid) : 0,
      });
      const before = cpu();
      const n0 = follower ? (await follower.count()).logs : 0;
      const q0 = (await load.count()).writes;
      const w0 = performance.now();
      const wall0 = Date.now();
      r.mbps.push(await throughput(bulkPort!, BULK));
      const wall = performance.now() - w0;
      const wall1 = Date.now();
      const after = cpu();
      const n1 = follower ? (await follower.count()).logs : 0;
      const q1 = (await load.count()).writes;
      const counted = performance.now() - w0;
      const percent = (k: keyof typeof before) => ((after[k] - before[k]) / wall) * 100;
      r.engineCpu.push(percent('engine'));
      r.sshdCpu.push(percent('sshd'));
      r.benchCpu.push(percent('bench'));
      if (logs) {
        r.loadCpu.push(percent('load'));
        r.writesPerSec.push(((q1 - q0) / counted) * 1000);
      }
      if (follower) {
        r.followerCpu.push(percent('follower'));
        r.linesPerSec.push(((n1 - n0) / counted) * 1000);
      }
      await load.rate(0);
      await follower?.stop();
      await sleep(300);
      if (logs)
        r.loggedPerSec.push(
          (loggedBetween(dirs.dataDir, 'chatty', wall0, wall1) / Math.max(wall1 - wall0, 1)) * 1000,
        );
    }
    progress(`follow: round ${round + 1}/${ROUNDS} done`);
  }
  await load.stop();
  await terminate(run.child);
  bulk.close();

  const a = out.get('a: no log traffic')!;
  const a2 = out.get('a′: logs, no follower')!;
  const b = out.get('b: logs + follower')!;
  // Noise: half the interquartile range of a condition's rounds over its median (one round
  // disturbed by the machine's other load does not make it); the half range is printed too.
  const noise = (v: number[]) => (p(v, 75) - p(v, 25)) / 2 / median(v);
  const range = (v: number[]) => (Math.max(...v) - Math.min(...v)) / 2 / median(v);
  const pct = (x: number) => `±${(x * 100).toFixed(0)} %`;
  // The rounds interleave the conditions, so round i of each ran within seconds of the others.
  const paired = (x: number[], y: number[]) => x.map((v, i) => v / y[i]!);
  const num = (v: number[], d = 0) => (v.length ? median(v).toFixed(d) : '-');
  say(
    `\n4. bulk ${BULK / 1024 / 1024} MiB through one tunnel while another (verbose: true) of the same engine logs ~${LOG_RATE} lines/s; ${ROUNDS} rounds per condition, interleaved; CPU as % of one CPU during the transfer`,
  );
  say(`  calibration: ${calibration}; driven at ${rate} writes/s`);
  say(`  ${followCost}`);
  const table = [
    [
      'condition',
      'MB/s median',
      'worst–best',
      'engine CPU',
      'sshd CPU',
      'bench CPU',
      'load CPU',
      'follower CPU',
      'writes/s',
      'lines/s logged',
      'lines/s followed',
    ],
    ...conditions.map((c) => {
      const r = out.get(c)!;
      return [
        c,
        num(r.mbps),
        `${Math.min(...r.mbps).toFixed(0)}–${Math.max(...r.mbps).toFixed(0)}`,
        num(r.engineCpu),
        num(r.sshdCpu),
        num(r.benchCpu),
        num(r.loadCpu),
        num(r.followerCpu),
        num(r.writesPerSec),
        num(r.loggedPerSec),
        num(r.linesPerSec),
      ];
    }),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  for (const row of table) say(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`);
  const bOverA2 = median(b.mbps) / median(a2.mbps);
  const bOverA = median(b.mbps) / median(a.mbps);
  const ratios = (r: number[]) =>
    `${median(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
  say(
    `  MB/s per round, in order: ${conditions
      .map(
        (c) =>
          `${c.split(':')[0]} ${out
            .get(c)!
            .mbps.map((v) => v.toFixed(0))
            .join(' ')}`,
      )
      .join('; ')}`,
  );
  say(
    `  ratio of medians: b / a′ (the follower's effect) ${bOverA2.toFixed(2)}×, b / a ${bOverA.toFixed(2)}×, a′ / a (the log traffic's own cost) ${(median(a2.mbps) / median(a.mbps)).toFixed(2)}×; per round (paired): b / a′ ${ratios(paired(b.mbps, a2.mbps))}, b / a ${ratios(paired(b.mbps, a.mbps))}`,
  );
  say(
    `  noise, half the interquartile range / half the worst–best range over the median: a ${pct(noise(a.mbps))} / ${pct(range(a.mbps))}, a′ ${pct(noise(a2.mbps))} / ${pct(range(a2.mbps))}, b ${pct(noise(b.mbps))} / ${pct(range(b.mbps))}`,
  );
  add(
    'log lines/s during the transfers: logged / followed (b)',
    `${num(b.loggedPerSec)} / ${num(b.linesPerSec)}`,
    `~${LOG_RATE}`,
  );
  add(
    'engine CPU per log line sent to a follower (no bulk)',
    `${perLineUs.toFixed(1)} µs (${followedCpu.follower.toFixed(0)} % CPU in the follower at ${followedCpu.lines.toFixed(0)} lines/s)`,
  );
  add(
    'bulk MB/s: a no logs / a′ logs / b logs + follower',
    `${num(a.mbps)} / ${num(a2.mbps)} / ${num(b.mbps)}`,
  );
  add(
    "throughput b / a′ (the follower's effect), noise of a′",
    `${bOverA2.toFixed(2)}×, ${pct(noise(a2.mbps))}`,
    'within noise',
    verdict(Math.abs(bOverA2 - 1) <= noise(a2.mbps)),
  );
  add(
    'throughput b / a, noise of a',
    `${bOverA.toFixed(2)}×, ${pct(noise(a.mbps))}`,
    'within noise',
    verdict(Math.abs(bOverA - 1) <= noise(a.mbps)),
  );
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const started = performance.now();
  const sshd = await startSshd();
  server = sshd;
  const target = await echo();
  say(
    `engine benchmark, ${new Date().toISOString()}: ${os.cpus().length} CPUs, load average ${load()}, node ${process.version}, sshd on ${sshd.host}:${sshd.port}${QUICK ? ' (BENCH_QUICK: smoke sizes)' : ''}`,
  );
  if (STAGES.includes('start')) await start(sshd, target);
  let oneTunnel: Idle | undefined;
  if (STAGES.includes('attach')) {
    const dirs = freshDirs(engineConfig(sshd, [oneForward('t1', await freePort(), target)]));
    const run = await runEngine(dirs, ['t1']);
    if (STAGES.includes('idle')) {
      // Idle first, as the 50 tunnels are measured: before any client attached.
      progress(
        `engine run: 1 connected; settling ${ONE_TUNNEL_SETTLE_S} s, measuring ${ONE_TUNNEL_WINDOW_S} s`,
      );
      await sleep(ONE_TUNNEL_SETTLE_S * 1000);
      [oneTunnel] = await idleOf([run.pid], ONE_TUNNEL_WINDOW_S);
    }
    await attach(dirs, 1);
    await terminate(run.child);
  }
  if (STAGES.includes('idle')) await idle(sshd, target, oneTunnel);
  if (STAGES.includes('follow')) await follow(sshd);
  target.close();

  say(
    `\nsummary (${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${load()}: other processes than this benchmark's share the CPUs when it is above ~2-3)`,
  );
  const table = [['metric', 'value', 'target', ''], ...summary];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const row of table)
    say(
      row
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
}

async function cleanup(): Promise<void> {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.stop();
}

main().then(
  // The verbose tunnel's logs fill ~7 MB per run: kept only when something failed.
  async () => {
    await cleanup();
    rmSync(work, { recursive: true, force: true });
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    console.error(`the engines' data dirs and logs are kept in ${work}`);
    void cleanup().then(() => process.exit(1));
  },
);
