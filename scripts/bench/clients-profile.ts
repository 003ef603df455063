/**
 * `npx tsx scripts/bench/clients-profile.ts`: where Tunnelkeeper's time goes under the real
 * clients of `npm run bench:clients` (issue 19). Not a benchmark of its own: it runs
 * `tunnelkeeper up` (the bin, unchanged) with node flags and the probe of profile-hook.ts
 * (`--require`), and prints what they saw:
 *   1. start-up: spawn → first reply byte vs ssh/plink and bare node; time and modules loaded
 *      before the first connection; a `--cpu-prof` profile of the start-up
 *   2. pgbench -S, 1 client: `--cpu-prof` profile, event-loop delay, GCs, chunks and JS-heap
 *      bytes allocated per transaction
 *   3. request/response right after a bulk download: `--trace-gc` and GC entries in the tunnel
 *      process lined up against the slow requests; event-loop delay; CPU profile and allocations
 *      per forwarded chunk of each phase
 *   4. syscalls per request (strace -c) of Tunnelkeeper and ssh; TCP_NODELAY on every socket of
 *      the tunnel process and of sshd
 * Output and profiles (open them in Chrome DevTools) go to PROFILE_DIR (default: a temp dir).
 *   PROFILE_PG_SECONDS=N   pgbench -T (default 10)
 *   PROFILE_MB=N           MiB of each bulk download (default 256)
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { freePorts } from '../../tests/helpers/ports';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { requireAll } from './clients-peers';
import { pgbenchSelect, redisBenchmark } from './clients-run';
import { startPostgres, startRedis, type Postgres } from './clients-servers';
import { coldStart } from './clients-tools';
import { processCpuMs } from './cpu';
import { connect, median, percentile, throughput } from './measure';
import {
  localForward,
  root,
  sleep,
  spawnLogged,
  spawned,
  sshdProfile,
  stop,
  waitForPort,
  work,
  writeTkConfig,
} from './processes';
import { writeProbe } from './profile-hook';
import { formatSummary, readProfile, summarize } from './profile-summary';
import { bulkSource, requestResponse, type Server } from './servers';

const OUT = process.env.PROFILE_DIR ?? path.join(work, 'profile');
const PG_SECONDS = Number(process.env.PROFILE_PG_SECONDS ?? 10);
const BULK = Number(process.env.PROFILE_MB ?? 256) * 1024 * 1024;
const RR = 2000;
const BIN = path.join(root, 'bin/tunnelkeeper.cjs');
/** The bin's own shebang flag: every profiled run keeps it. */
const SHEBANG = ['--single-threaded-gc'];

let sshdHandle: SshdHandle | undefined;
let pg: Postgres | undefined;
let stopRedis: (() => Promise<void>) | undefined;
const servers: Server[] = [];
const say = (line = '') => console.log(line);

interface Probe {
  startup: {
    packages: Record<string, { ms: number; modules: number }>;
    firstConnectMs: number;
    modulesAtFirstConnect: number;
    firstListenMs: number;
    modulesAtFirstListen: number;
    events: { name: string; ms: number; modules: number }[];
  };
  hookLoadedMs: number;
  timeOrigin: number;
  gcs: { at: number; ms: number; kind: string }[];
  phases: {
    name: string;
    ms: number;
    cpuMs: number;
    eld: { mean: number; p50: number; p99: number; max: number };
    chunks: Record<string, { calls: number; bytes: number }>;
    heapUsed: number;
    external: number;
    arrayBuffers: number;
    startEpoch: number;
    endEpoch: number;
    heap?: { totalBytes: number; top: [string, number][] };
  }[];
}

interface Probed {
  child: ReturnType<typeof spawnLogged>['child'];
  stdout: () => string;
  out: string;
  pgPort: number;
  bulkPort: number;
  rrPort: number;
  redisL: number;
  redisR: number;
}

interface Targets {
  pg: number;
  bulk: number;
  rr: number;
  redis?: number;
}

/** `tunnelkeeper up` with three -L forwards (pg, bulk, rr), node flags and the probe. */
async function startProbed(
  label: string,
  sshd: SshdHandle,
  targets: Targets,
  nodeArgs: string[],
  env: NodeJS.ProcessEnv,
  probe: string,
): Promise<Probed> {
  const dir = path.join(OUT, label);
  mkdirSync(dir, { recursive: true });
  const [pgPort, bulkPort, rrPort, redisL, redisR] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const local = localForward;
  const config = writeTkConfig(
    [
      sshdProfile(sshd, 'prof', [
        local('pg', pgPort, targets.pg),
        local('bulk', bulkPort, targets.bulk),
        local('rr', rrPort, targets.rr),
        ...(targets.redis
          ? [
              local('redisL', redisL, targets.redis),
              {
                type: 'remote',
                id: 'redisR',
                bindPort: redisR,
                targetHost: '127.0.0.1',
                targetPort: targets.redis,
              },
            ]
          : []),
      ]),
    ],
    dir,
  );
  const out = path.join(dir, 'probe.json');
  const p = spawnLogged(
    process.execPath,
    [...SHEBANG, ...nodeArgs, '--require', probe, BIN, 'up', '--config', config],
    {
      TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
      TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
      TK_PROBE_OUT: out,
      ...env,
    },
  );
  for (const port of [pgPort, bulkPort, rrPort, ...(targets.redis ? [redisL, redisR] : [])])
    await waitForPort(port, p.child);
  return { child: p.child, stdout: p.stdout, out, pgPort, bulkPort, rrPort, redisL, redisR };
}

/** Starts the probe's next phase and waits until it has (profilers restarted). */
async function phase(p: Probed, name: string): Promise<void> {
  rmSync(`${p.out}.ack`, { force: true });
  writeFileSync(`${p.out}.phase`, name);
  p.child.kill('SIGUSR2');
  const deadline = Date.now() + 10_000;
  while (!existsSync(`${p.out}.ack`) || readFileSync(`${p.out}.ack`, 'utf8') !== name) {
    const ack = existsSync(`${p.out}.ack`) ? readFileSync(`${p.out}.ack`, 'utf8') : '';
    if (ack.startsWith('error')) throw new Error(`the probe failed to start phase ${name}: ${ack}`);
    if (Date.now() > deadline) throw new Error(`the probe did not start phase ${name}`);
    await sleep(10);
  }
}

async function finish(p: Probed): Promise<Probe> {
  await phase(p, 'end');
  await stop(p.child);
  return JSON.parse(readFileSync(p.out, 'utf8')) as Probe;
}

/** Sequential 100 B → 1 KiB requests, each with its start time (epoch ms) and duration. */
async function timedLatencies(port: number, count: number): Promise<{ at: number; ms: number }[]> {
  const socket = await connect(port);
  const request = Buffer.alloc(100, 0x71);
  const out: { at: number; ms: number }[] = [];
  let got = 0;
  let resolveOne: (() => void) | undefined;
  socket.on('data', (c: Buffer) => {
    got += c.length;
    if (got >= 1024) {
      got -= 1024;
      resolveOne?.();
    }
  });
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      resolveOne = resolve;
      socket.write(request);
    });
    out.push({ at: performance.timeOrigin + t, ms: performance.now() - t });
  }
  socket.destroy();
  return out;
}

const f = (v: number, d = 1) => v.toFixed(d);

function wallMs(file: string, args: string[]): number {
  const t = performance.now();
  spawnSync(file, args, { stdio: 'ignore' });
  return performance.now() - t;
}

async function startup(sshd: SshdHandle, rrTarget: number, probe: string): Promise<void> {
  say('## 1. Start-up: spawn → first reply byte through a new tunnel');
  const n = 5;
  const times: Record<string, number[]> = {
    'node -e 0 (bare node, spawn → exit)': [],
    'tunnelkeeper --version (bundle loaded, spawn → exit)': [],
    tunnelkeeper: [],
    ssh: [],
    plink: [],
  };
  for (let i = 0; i < n; i++) {
    times['node -e 0 (bare node, spawn → exit)']!.push(wallMs(process.execPath, ['-e', '0']));
    times['tunnelkeeper --version (bundle loaded, spawn → exit)']!.push(
      wallMs(process.execPath, [...SHEBANG, BIN, '--version']),
    );
    for (const tool of ['tunnelkeeper', 'ssh', 'plink'] as const)
      times[tool]!.push(await coldStart(tool, sshd, rrTarget));
  }
  for (const [k, v] of Object.entries(times))
    say(`  ${k.padEnd(56)} median ${f(median(v), 0)} ms (${v.map((x) => f(x, 0)).join(', ')})`);

  const probes: Probe['startup'][] = [];
  const hookAt: number[] = [];
  const firstByte: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = path.join(OUT, `startup-${i}.json`);
    firstByte.push(
      await coldStart('tunnelkeeper', sshd, rrTarget, {
        nodeArgs: [...SHEBANG, '--require', probe],
        env: { TK_PROBE_OUT: out },
      }),
    );
    const p = JSON.parse(readFileSync(out, 'utf8')) as Probe;
    probes.push(p.startup);
    hookAt.push(p.hookLoadedMs);
  }
  const m = (g: (s: Probe['startup']) => number) => median(probes.map(g));
  say(
    `  with the probe (3 runs, medians, ms since node's own start): node ready for user code ${f(median(hookAt), 0)}, first connect to sshd ${f(
      m((s) => s.firstConnectMs),
      0,
    )} (${m((s) => s.modulesAtFirstConnect)} modules loaded), first forward listening ${f(
      m((s) => s.firstListenMs),
      0,
    )} (${m((s) => s.modulesAtFirstListen)} modules), first byte ${f(median(firstByte), 0)} ms after the spawn`,
  );
  say(
    `  first sockets of one run (ms since node's start): ${probes[0]!.events.map((e) => `${e.name} at ${f(e.ms, 0)}`).join(', ')}`,
  );
  const packages = Object.entries(probes[0]!.packages).map(([name]) => ({
    name,
    ms: median(probes.map((s) => s.packages[name]?.ms ?? 0)),
    modules: probes[0]!.packages[name]!.modules,
  }));
  say('  load time of what the bundle requires (inclusive, first load, median of 3):');
  for (const p of packages.sort((a, b) => b.ms - a.ms).slice(0, 16))
    say(`    ${f(p.ms).padStart(6)} ms  ${String(p.modules).padStart(4)} modules  ${p.name}`);

  const cpuDir = path.join(OUT, 'startup-cpu');
  rmSync(cpuDir, { recursive: true, force: true });
  await coldStart('tunnelkeeper', sshd, rrTarget, {
    nodeArgs: [...SHEBANG, '--cpu-prof', '--cpu-prof-dir', cpuDir, '--cpu-prof-interval', '100'],
  });
  const profile = readdirSync(cpuDir).find((x) => x.endsWith('.cpuprofile'))!;
  say(`  --cpu-prof of one cold start (${path.join(cpuDir, profile)}):`);
  say(formatSummary(summarize(readProfile(path.join(cpuDir, profile)), 15)));
  say();
}

function gcLine(p: Probe, name: string): string {
  const ph = p.phases.find((x) => x.name === name)!;
  const gcs = p.gcs.filter((g) => g.at >= ph.startEpoch && g.at <= ph.endEpoch);
  const by = new Map<string, number[]>();
  for (const g of gcs) by.set(g.kind, [...(by.get(g.kind) ?? []), g.ms]);
  const kinds = [...by.entries()]
    .map(
      ([k, v]) =>
        `${k} ×${v.length} (total ${f(
          v.reduce((a, b) => a + b, 0),
        )} ms, max ${f(Math.max(...v), 2)} ms)`,
    )
    .join(', ');
  return `GC: ${kinds || 'none'}; event-loop delay p50 ${f(ph.eld.p50, 2)} / p99 ${f(ph.eld.p99, 2)} / max ${f(ph.eld.max, 2)} ms; CPU ${f(ph.cpuMs, 0)} ms in ${f(ph.ms, 0)} ms; heap ${f(ph.heapUsed / 2 ** 20)} MiB, external ${f(ph.external / 2 ** 20)} MiB (array buffers ${f(ph.arrayBuffers / 2 ** 20)})`;
}

function chunkLine(p: Probe['phases'][number], per: number, unit: string): string {
  return Object.entries(p.chunks)
    .filter(([, c]) => c.calls >= per / 10)
    .sort((a, b) => b[1].calls - a[1].calls)
    .slice(0, 8)
    .map(
      ([k, c]) =>
        `${k} ${f(c.calls / per, 2)}/${unit} (avg ${f(c.bytes / Math.max(1, c.calls), 0)} B)`,
    )
    .join('; ');
}

function heapLines(p: Probe['phases'][number], per: number, unit: string): string[] {
  if (!p.heap) return [];
  return [
    `  JS heap allocated: ${f(p.heap.totalBytes / 2 ** 20)} MiB = ${f(p.heap.totalBytes / per, 0)} B/${unit}; top allocators:`,
    ...p.heap.top
      .slice(0, 12)
      .map(([fn, b]) => `    ${f(b / per, 0).padStart(7)} B/${unit}  ${fn}`),
  ];
}

async function pgbenchOne(sshd: SshdHandle, targets: Targets, probe: string): Promise<void> {
  say(`## 2. pgbench -S, 1 client, -T ${PG_SECONDS} through -L`);
  const cpuDir = path.join(OUT, 'pgbench-cpu');
  rmSync(cpuDir, { recursive: true, force: true });
  const p = await startProbed(
    'pgbench-cpu',
    sshd,
    targets,
    ['--cpu-prof', '--cpu-prof-dir', cpuDir, '--cpu-prof-interval', '200'],
    {},
    probe,
  );
  await pgbenchSelect(p.pgPort, 1, 2);
  await phase(p, 'pgbench');
  const res = await pgbenchSelect(p.pgPort, 1, PG_SECONDS);
  const probed = await finish(p);
  const ph = probed.phases.find((x) => x.name === 'pgbench')!;
  say(
    `  ${f(res.tps, 0)} tps, ${res.transactions} transactions (with --cpu-prof); tunnel CPU ${f((ph.cpuMs * 1000) / res.transactions)} µs/tx`,
  );
  say(`  ${gcLine(probed, 'pgbench')}`);
  say(`  stream calls per transaction: ${chunkLine(ph, res.transactions, 'tx')}`);
  const profile = readdirSync(cpuDir).find((x) => x.endsWith('.cpuprofile'))!;
  say(`  --cpu-prof of the whole process (2 s warm-up + the run): ${path.join(cpuDir, profile)}`);
  say(
    formatSummary(summarize(readProfile(path.join(cpuDir, profile)), 20), {
      count: res.transactions,
      unit: 'tx',
    }),
  );

  const h = await startProbed('pgbench-heap', sshd, targets, [], { TK_PROBE_HEAP: '1' }, probe);
  await pgbenchSelect(h.pgPort, 1, 2);
  await phase(h, 'pgbench');
  const hres = await pgbenchSelect(h.pgPort, 1, 5);
  const hp = await finish(h);
  say(`  with the sampling heap profiler (5 s, ${hres.transactions} tx):`);
  for (const l of heapLines(
    hp.phases.find((x) => x.name === 'pgbench')!,
    hres.transactions,
    'tx',
  ))
    say(l);
  say();
}

interface GcTrace {
  kind: string;
  ms: number;
  reason: string;
}

/** `--trace-gc` lines: "[pid:0x..]  1234 ms: Mark-Compact 12.3 (14.0) -> 10.1 (14.5) MB, 3.2 / 0.0 ms  (average mu = ...) reason". */
function parseTraceGc(stdout: string): GcTrace[] {
  const out: GcTrace[] = [];
  for (const line of stdout.split('\n')) {
    const m =
      /\d+ ms: (Scavenge|Mark-Compact|Mark-Compact \(reduce\)|Minor Mark-Compact|Mark-sweep)[^,]*, ([\d.]+) \/ [\d.]+ ms\s+(?:\(average mu = [^)]*\)\s*)?(.*)$/.exec(
        line,
      );
    if (m) out.push({ kind: m[1]!, ms: Number(m[2]), reason: m[3]!.trim() });
  }
  return out;
}

async function afterBulk(sshd: SshdHandle, targets: Targets, probe: string): Promise<void> {
  say(`## 3. Request/response right after a ${BULK >> 20} MiB download in the same tunnel`);
  const p = await startProbed('rr-gc', sshd, targets, ['--trace-gc'], {}, probe);
  await throughput(p.bulkPort, BULK);
  await timedLatencies(p.rrPort, 500);
  const after: { at: number; ms: number }[] = [];
  const steady: { at: number; ms: number }[] = [];
  const cycles = 3;
  for (let k = 0; k < cycles; k++) {
    await phase(p, `bulk-${k}`);
    await throughput(p.bulkPort, BULK);
    await phase(p, `after-${k}`);
    after.push(...(await timedLatencies(p.rrPort, RR)));
    await phase(p, `idle-${k}`);
    await sleep(1500);
    await phase(p, `steady-${k}`);
    steady.push(...(await timedLatencies(p.rrPort, RR)));
  }
  const stdout = p.stdout();
  const probed = await finish(p);
  const stats = (v: { ms: number }[]) => {
    const ms = v.map((x) => x.ms);
    return `p50 ${f(percentile(ms, 50), 3)} / p99 ${f(percentile(ms, 99), 3)} / max ${f(Math.max(...ms), 3)} ms`;
  };
  say(`  right after the download (${cycles}×${RR}): ${stats(after)}`);
  say(`  1.5 s later, same connection (${cycles}×${RR}): ${stats(steady)}`);
  for (const prefix of ['bulk', 'after', 'steady'])
    for (let k = 0; k < cycles; k++) say(`  ${prefix}-${k}: ${gcLine(probed, `${prefix}-${k}`)}`);
  // Which slow requests had a GC pause of the tunnel process inside them?
  const threshold = percentile(
    steady.map((x) => x.ms),
    99,
  );
  const slow = after.filter((x) => x.ms > threshold);
  const withGc = slow.filter((x) =>
    probed.gcs.some((g) => g.at < x.at + x.ms && g.at + g.ms > x.at),
  );
  const kinds = new Map<string, number>();
  for (const x of withGc)
    for (const g of probed.gcs)
      if (g.at < x.at + x.ms && g.at + g.ms > x.at) kinds.set(g.kind, (kinds.get(g.kind) ?? 0) + 1);
  const slowMs = slow.map((x) => x.ms);
  say(
    `  requests after the download slower than the steady p99 (${f(threshold, 3)} ms): ${slow.length}/${after.length}; ${withGc.length} of them overlap a GC of the tunnel process (${[
      ...kinds,
    ]
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}); their median ${slowMs.length ? f(median(slowMs), 3) : '-'} ms`,
  );
  const slowIdx = after.map((x, i) => (x.ms > threshold ? i % RR : -1)).filter((i) => i >= 0);
  const buckets = [10, 100, 500, RR].map(
    (b, i, all) => slowIdx.filter((x) => x < b && x >= (i ? all[i - 1]! : 0)).length,
  );
  say(
    `  where they fall in each run of ${RR}: requests 0-9: ${buckets[0]}, 10-99: ${buckets[1]}, 100-499: ${buckets[2]}, 500+: ${buckets[3]}`,
  );
  const traced = parseTraceGc(stdout);
  const reasons = new Map<string, { n: number; ms: number; max: number }>();
  for (const t of traced) {
    const key = `${t.kind}: ${t.reason.replace(/\s+/g, ' ')}`;
    const r = reasons.get(key) ?? { n: 0, ms: 0, max: 0 };
    r.n++;
    r.ms += t.ms;
    r.max = Math.max(r.max, t.ms);
    reasons.set(key, r);
  }
  say('  --trace-gc over the whole run, by kind and reason:');
  for (const [k, r] of [...reasons].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10))
    say(
      `    ×${String(r.n).padStart(5)}  total ${f(r.ms).padStart(7)} ms  max ${f(r.max, 2)} ms  ${k}`,
    );

  // CPU profile and allocations per phase (separate processes: the profilers cost time).
  const c = await startProbed('rr-cpu', sshd, targets, [], { TK_PROBE_CPU: '1' }, probe);
  await throughput(c.bulkPort, BULK);
  await timedLatencies(c.rrPort, 500);
  await phase(c, 'bulk');
  await throughput(c.bulkPort, BULK);
  await phase(c, 'after');
  await timedLatencies(c.rrPort, RR);
  await phase(c, 'idle');
  await sleep(1500);
  await phase(c, 'steady');
  await timedLatencies(c.rrPort, RR);
  const cp = await finish(c);
  for (const [name, per, unit] of [
    ['bulk', BULK / 2 ** 20, 'MiB'],
    ['after', RR, 'request'],
    ['steady', RR, 'request'],
  ] as const) {
    const ph = cp.phases.find((x) => x.name === name)!;
    say(`  CPU profile of phase "${name}" (${c.out}.${name}.cpuprofile):`);
    say(
      formatSummary(summarize(readProfile(`${c.out}.${name}.cpuprofile`), 14), {
        count: per,
        unit,
      }),
    );
    say(`  stream calls: ${chunkLine(ph, per, unit)}`);
  }

  const h = await startProbed('rr-heap', sshd, targets, [], { TK_PROBE_HEAP: '1' }, probe);
  await throughput(h.bulkPort, BULK);
  await timedLatencies(h.rrPort, 500);
  await phase(h, 'bulk');
  await throughput(h.bulkPort, BULK);
  await phase(h, 'steady');
  await timedLatencies(h.rrPort, RR);
  const hp = await finish(h);
  const bulkPhase = hp.phases.find((x) => x.name === 'bulk')!;
  const channelPushes = Object.entries(bulkPhase.chunks)
    .filter(([k]) => k.startsWith('push ') && !k.endsWith('Socket'))
    .reduce((a, [, c]) => a + c.calls, 0);
  say(`  allocations during the download (${channelPushes} channel chunks pushed):`);
  for (const l of heapLines(bulkPhase, Math.max(1, channelPushes), 'chunk')) say(l);
  say(`  allocations during steady request/response:`);
  for (const l of heapLines(
    hp.phases.find((x) => x.name === 'steady')!,
    RR,
    'request',
  ))
    say(l);
  say();
}

/** strace -c of a process during a workload: syscalls per unit of work (request, transaction). */
async function syscalls(pid: number, work: () => Promise<number>): Promise<string> {
  const file = path.join(OUT, `strace-${pid}-${Date.now()}.txt`);
  const s = spawn('strace', ['-f', '-c', '-o', file, '-p', String(pid)], { stdio: 'ignore' });
  spawned.push(s);
  await sleep(500);
  const units = await work();
  s.kill('SIGINT');
  await new Promise((r) => s.once('exit', r));
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length >= 5 && /^\d/.test(c[0]!) && c[c.length - 1] !== 'total');
  return rows
    .map((c) => ({ name: c[c.length - 1]!, calls: Number(c[3]) }))
    .filter((r) => r.calls >= units / 10)
    .sort((a, b) => b.calls - a.calls)
    .map((r) => `${r.name} ${f(r.calls / units, 2)}`)
    .join(', ');
}

/** setsockopt(TCP_NODELAY) calls of a process tree while it sets up a forward and carries one connection. */
function nodelayOf(file: string): string {
  const text = readFileSync(file, 'utf8');
  const calls = text.split('\n').filter((l) => l.includes('TCP_NODELAY'));
  return calls.length
    ? calls.map((l) => l.replace(/^\d+\s+/, '').trim()).join('; ')
    : 'no TCP_NODELAY set';
}

async function nagle(sshd: SshdHandle, targets: Targets, probe: string): Promise<void> {
  say('## 4. Syscalls per request/response and TCP_NODELAY');
  if (spawnSync('strace', ['-V']).status !== 0) {
    say('  strace is not installed (apt-get install -y strace): skipped');
    return;
  }
  // sshd's listener: its children (one per session) inherit the trace with -f.
  const listener = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .find((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(sshd.dir);
      } catch {
        return false;
      }
    });
  const sshdTrace = path.join(OUT, 'sshd-setsockopt.txt');
  const st = listener
    ? spawn('strace', ['-f', '-e', 'trace=setsockopt', '-o', sshdTrace, '-p', listener], {
        stdio: 'ignore',
      })
    : undefined;
  if (st) spawned.push(st);
  await sleep(500);
  const tkTrace = path.join(OUT, 'tk-setsockopt.txt');
  const config = path.join(OUT, 'nagle-config.json');
  const [port] = (await freePorts(1)) as [number];
  writeFileSync(
    config,
    JSON.stringify({
      version: 1,
      profiles: [
        {
          id: 'nagle',
          name: 'nagle',
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          auth: { keyFile: sshd.clientKeyPath },
          hostKey: { pinned: [sshd.hostKeyFingerprint] },
          forwards: [
            {
              type: 'local',
              id: 'rr',
              bindPort: port,
              targetHost: '127.0.0.1',
              targetPort: targets.rr,
            },
          ],
        },
      ],
    }),
  );
  const traced = spawnLogged(
    'strace',
    [
      '-f',
      '-e',
      'trace=setsockopt',
      '-o',
      tkTrace,
      process.execPath,
      ...SHEBANG,
      BIN,
      'up',
      '--config',
      config,
    ],
    {
      TUNNELKEEPER_RUNTIME_DIR: path.join(OUT, 'nagle-run'),
      TUNNELKEEPER_DATA_DIR: path.join(OUT, 'nagle-data'),
    },
  );
  await waitForPort(port, traced.child);
  await timedLatencies(port, 10);
  await sleep(300);
  // strace runs the tunnel as its child: stop the tunnel itself (a signal to strace would only
  // detach it and leave the tunnel running).
  const tracee = readFileSync(
    `/proc/${traced.child.pid}/task/${traced.child.pid}/children`,
    'utf8',
  ).trim();
  if (tracee) process.kill(Number(tracee.split(' ')[0]), 'SIGTERM');
  await new Promise((r) => setTimeout(r, 5000).unref() && traced.child.once('exit', r));
  await stop(traced.child);
  await sleep(300);
  if (st) {
    st.kill('SIGINT');
    await new Promise((r) => st.once('exit', r));
  }
  say(`  tunnelkeeper process: ${nodelayOf(tkTrace)}`);
  if (st) say(`  sshd (listener and session): ${nodelayOf(sshdTrace)}`);

  const tk = await startProbed('strace-tk', sshd, targets, [], {}, probe);
  await timedLatencies(tk.rrPort, 500);
  const rr = (port: number) => async () => (await timedLatencies(port, RR)).length;
  const pg8 = (port: number) => async () => (await pgbenchSelect(port, 8, 5)).transactions;
  say(`  tunnelkeeper syscalls per request: ${await syscalls(tk.child.pid!, rr(tk.rrPort))}`);
  await pgbenchSelect(tk.pgPort, 8, 1);
  say(
    `  tunnelkeeper syscalls per pgbench -S -c 8 transaction: ${await syscalls(tk.child.pid!, pg8(tk.pgPort))}`,
  );
  await stop(tk.child);
  const [sshPort, sshPg] = (await freePorts(2)) as [number, number];
  const ssh = spawnLogged('ssh', [
    '-N',
    '-p',
    String(sshd.port),
    '-i',
    sshd.clientKeyPath,
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-L',
    `${sshPort}:127.0.0.1:${targets.rr}`,
    '-L',
    `${sshPg}:127.0.0.1:${targets.pg}`,
    `${sshd.user}@127.0.0.1`,
  ]);
  await waitForPort(sshPort!, ssh.child);
  await timedLatencies(sshPort!, 500);
  say(`  ssh syscalls per request: ${await syscalls(ssh.child.pid!, rr(sshPort))}`);
  await pgbenchSelect(sshPg, 8, 1);
  say(
    `  ssh syscalls per pgbench -S -c 8 transaction: ${await syscalls(ssh.child.pid!, pg8(sshPg))}`,
  );
  await stop(ssh.child);
  say();
}

/** The same redis through a -L and a -R of one Tunnelkeeper process, and of one ssh. */
async function redisPaths(sshd: SshdHandle, targets: Targets, probe: string): Promise<void> {
  say('## 5. redis-benchmark -c 1 -t get through -L and through -R (same process, alternated)');
  const tk = await startProbed('redis', sshd, targets, [], {}, probe);
  const [l, r] = (await freePorts(2)) as [number, number];
  const ssh = spawnLogged('ssh', [
    '-N',
    '-p',
    String(sshd.port),
    '-i',
    sshd.clientKeyPath,
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    '-L',
    `${l}:127.0.0.1:${targets.redis}`,
    '-R',
    `${r}:127.0.0.1:${targets.redis}`,
    `${sshd.user}@127.0.0.1`,
  ]);
  await waitForPort(l, ssh.child);
  await waitForPort(r, ssh.child);
  const paths: [string, number, number][] = [
    ['tunnelkeeper -L', tk.redisL, tk.child.pid!],
    ['tunnelkeeper -R', tk.redisR, tk.child.pid!],
    ['ssh -L', l, ssh.child.pid!],
    ['ssh -R', r, ssh.child.pid!],
  ];
  const rps = new Map<string, number[]>(paths.map(([n]) => [n, []]));
  const cpu = new Map<string, number[]>(paths.map(([n]) => [n, []]));
  for (const [, port] of paths) await redisBenchmark(port, 2000);
  for (let round = 0; round < 3; round++)
    for (const [name, port, pid] of paths) {
      const c0 = processCpuMs(pid);
      const res = await redisBenchmark(port, 10_000);
      rps.get(name)!.push(res.get);
      cpu.get(name)!.push(((processCpuMs(pid) - c0) * 1000) / res.requests);
    }
  for (const [name] of paths)
    say(
      `  ${name.padEnd(16)} GET ${f(median(rps.get(name)!), 0)}/s (${rps
        .get(name)!
        .map((x) => f(x, 0))
        .join(', ')}), client CPU ${f(median(cpu.get(name)!))} µs/request`,
    );
  await stop(tk.child);
  await stop(ssh.child);
  say();
}

async function main(): Promise<void> {
  requireAll();
  execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  mkdirSync(OUT, { recursive: true });
  const probe = writeProbe(OUT);
  const sshd = await startSshd();
  sshdHandle = sshd;
  pg = await startPostgres(5);
  const bulk = await bulkSource(BULK);
  const rr = await requestResponse();
  servers.push(bulk, rr);
  const targets = { pg: pg.port, bulk: bulk.port, rr: rr.port };
  say(`# Where Tunnelkeeper's time goes (profiles in ${OUT})\n`);
  const only = process.env.PROFILE_ONLY?.split(',');
  const want = (k: string) => !only || only.includes(k);
  // A section that fails (say so) does not hide the ones after it.
  const section = async (name: string, body: () => Promise<void>) => {
    if (!want(name)) return;
    try {
      await body();
    } catch (error) {
      say(`  section ${name} FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  };
  await section('startup', () => startup(sshd, rr.port, probe));
  await section('pgbench', () => pgbenchOne(sshd, targets, probe));
  await section('bulk', () => afterBulk(sshd, targets, probe));
  await section('nagle', () => nagle(sshd, targets, probe));
  await section('redis', async () => {
    const redis = await startRedis();
    stopRedis = redis.stop;
    await redisPaths(sshd, { ...targets, redis: redis.port }, probe);
  });
}

async function cleanup(): Promise<void> {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const s of servers) s.close();
  pg?.stop();
  await stopRedis?.();
  await sshdHandle?.stop();
}

main().then(
  () => cleanup().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    void cleanup().then(() => process.exit(1));
  },
);
