/**
 * `npm run bench:clients`: real clients through Tunnelkeeper (`tunnelkeeper up`), OpenSSH and
 * plink in one run against one sshd, rounds interleaved and rotated, with the servers reached
 * directly as the floor:
 *   - PostgreSQL: `pgbench -S` (select-only) at 1 and 8 clients through -L; tps
 *   - Redis: `redis-benchmark -c 1 -t get,set` against the server-side port of a -R; requests/s
 *   - curl: a 64 MiB download through -D (SOCKS5, --socks5-hostname), sha256-checked; MB/s
 *   - request/response (100 B → 1 KiB) right after a bulk download in the same tunnel; p50/p99
 *   - cold start: spawn of a new tunnel process → first reply byte through it
 * Not a test: it prints a table and the ratios to OpenSSH and plink.
 *   BENCH_QUICK=1        a smoke run (1 round, short runs; numbers too noisy to quote)
 *   BENCH_ROUNDS=N       measured rounds (default 3)
 *   BENCH_PG_SECONDS=N   pgbench -T of each run (default 6)
 *   BENCH_PG_SCALE=N     pgbench -i scale (default 5: 500,000 accounts)
 *   BENCH_REDIS_N=N      redis-benchmark -n (default 10000, per test)
 *   BENCH_MB=N           MiB of the bulk download before the request/response (default 256)
 *   BENCH_COLD=N         cold starts per contender and round (default 3)
 *   BENCH_WARM_MB=N      more MiB through each contender's bulk forward before round 1 (default
 *                        0): a new Tunnelkeeper process spends 2–3× its steady CPU per byte on
 *                        its first ~500 MiB (its heap and malloc arenas growing: ~15,000 page
 *                        faults in the first 256 MiB, none by the fourth), so this shows the
 *                        steady state of a tunnel that has been up for a while
 *   BENCH_TOOLS=a,b      only these contenders (tunnelkeeper, ssh, plink, no tunnel)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { watchNoise } from './clients-noise';
import { requireAll } from './clients-peers';
import { curlDownload, pgbenchSelect, redisBenchmark, userSysMs } from './clients-run';
import { startHttp, startPostgres, startRedis, type Postgres, type Redis } from './clients-servers';
import {
  coldStart,
  CONTENDERS,
  startContender,
  type Contender,
  type ContenderName,
} from './clients-tools';
import { processCpuMs } from './cpu';
import { latencies, median, percentile, throughput } from './measure';
import { root, spawned, stop } from './processes';
import { bulkSource, requestResponse, type Server } from './servers';

const QUICK = process.env.BENCH_QUICK === '1';
const num = (name: string, full: number, quick: number) =>
  Number(process.env[name] ?? (QUICK ? quick : full));
const ROUNDS = num('BENCH_ROUNDS', 3, 1);
const PG_SECONDS = num('BENCH_PG_SECONDS', 6, 2);
const PG_SCALE = num('BENCH_PG_SCALE', 5, 1);
const REDIS_N = num('BENCH_REDIS_N', 10_000, 2000);
const BULK = num('BENCH_MB', 256, 64) * 1024 * 1024;
const COLD = num('BENCH_COLD', 3, 1);
const WARM_MB = num('BENCH_WARM_MB', 0, 0);
const CURL_BYTES = 64 * 1024 * 1024;
const RR = QUICK ? 500 : 2000;
const ONLY = process.env.BENCH_TOOLS?.split(',').map((s) => s.trim());

interface Samples {
  pg1: number[];
  pg1CpuUs: number[];
  pg1SysShare: number[];
  pg8: number[];
  pg8CpuUs: number[];
  redisGet: number[];
  redisSet: number[];
  redisCpuUs: number[];
  curl: number[];
  bulk: number[];
  rtt: number[];
  roundP50: number[];
  roundP99: number[];
  cold: number[];
  /** The median cold start of each round. */
  roundCold: number[];
}

const emptySamples = (): Samples => ({
  pg1: [],
  pg1CpuUs: [],
  pg1SysShare: [],
  pg8: [],
  pg8CpuUs: [],
  redisGet: [],
  redisSet: [],
  redisCpuUs: [],
  curl: [],
  bulk: [],
  rtt: [],
  roundP50: [],
  roundP99: [],
  roundCold: [],
  cold: [],
});

let sshdHandle: SshdHandle | undefined;
let pg: Postgres | undefined;
let redis: Redis | undefined;
const servers: Server[] = [];
const progress = (line: string) => process.stderr.write(`${line}\n`);
const cpuMs = (c: Contender) => (c.child ? processCpuMs(c.child.pid!) : 0);

function version(file: string, args: string[]): string {
  const r = spawnSync(file, args, { encoding: 'utf8' });
  // ssh -V answers on stderr; keep the first line, without curl's list of libraries.
  const line = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n')[0] ?? '?';
  return line
    .split(' ')
    .slice(0, 4)
    .join(' ')
    .replace(/,$/, '')
    .replace(/\s+\([^)]*$/, '');
}

/** Each contender in an order that rotates by round, so no one always follows the same one. */
function rotated<T>(items: T[], round: number): T[] {
  return items.map((_, i) => items[(i + round) % items.length]!);
}

async function stage(
  contenders: Contender[],
  round: number,
  label: string,
  body: (c: Contender) => Promise<string>,
): Promise<void> {
  for (const c of rotated(contenders, round)) {
    const said = await body(c);
    progress(`  ${label.padEnd(22)} ${c.name.padEnd(12)} ${said}`);
  }
}

async function measureRound(
  contenders: Contender[],
  round: number,
  results: Map<ContenderName, Samples>,
  http: { port: number; path: string; bytes: number; sha256: string },
  sshd: SshdHandle,
  rrTarget: number,
): Promise<void> {
  const r = (c: Contender) => results.get(c.name)!;
  await stage(contenders, round, 'pgbench -S -c 1', async (c) => {
    const cpu0 = cpuMs(c);
    const split0 = c.child ? userSysMs(c.child.pid!) : undefined;
    const res = await pgbenchSelect(c.pgPort, 1, PG_SECONDS);
    r(c).pg1.push(res.tps);
    if (c.child && split0) {
      r(c).pg1CpuUs.push(((cpuMs(c) - cpu0) * 1000) / res.transactions);
      const split = userSysMs(c.child.pid!);
      const user = split.user - split0.user;
      const sys = split.sys - split0.sys;
      r(c).pg1SysShare.push((sys / Math.max(1, user + sys)) * 100);
    }
    return `${res.tps.toFixed(0)} tps`;
  });
  await stage(contenders, round, 'pgbench -S -c 8', async (c) => {
    const cpu0 = cpuMs(c);
    const res = await pgbenchSelect(c.pgPort, 8, PG_SECONDS);
    r(c).pg8.push(res.tps);
    if (c.child) r(c).pg8CpuUs.push(((cpuMs(c) - cpu0) * 1000) / res.transactions);
    return `${res.tps.toFixed(0)} tps`;
  });
  await stage(contenders, round, 'redis-benchmark -c 1', async (c) => {
    const cpu0 = cpuMs(c);
    const res = await redisBenchmark(c.redisPort, REDIS_N);
    r(c).redisGet.push(res.get);
    r(c).redisSet.push(res.set);
    if (c.child) r(c).redisCpuUs.push(((cpuMs(c) - cpu0) * 1000) / res.requests);
    return `GET ${res.get.toFixed(0)}/s, SET ${res.set.toFixed(0)}/s`;
  });
  await stage(contenders, round, 'curl 64 MiB (-D)', async (c) => {
    const mbps = await curlDownload(c.socksPort, http.port, http.path, http);
    r(c).curl.push(mbps);
    return `${mbps.toFixed(0)} MB/s`;
  });
  await stage(contenders, round, `bulk ${BULK >> 20} MiB, then req/resp`, async (c) => {
    const mbps = await throughput(c.bulkPort, BULK);
    const rtt = await latencies(c.rrPort, RR);
    r(c).bulk.push(mbps);
    r(c).rtt.push(...rtt);
    r(c).roundP50.push(percentile(rtt, 50));
    r(c).roundP99.push(percentile(rtt, 99));
    return `${mbps.toFixed(0)} MB/s, p50 ${percentile(rtt, 50).toFixed(3)} ms, p99 ${percentile(rtt, 99).toFixed(3)} ms`;
  });
  const tunnels = contenders.filter((c) => c.name !== 'no tunnel');
  await stage(tunnels, round, 'cold start', async (c) => {
    const times: number[] = [];
    for (let k = 0; k < COLD; k++)
      times.push(await coldStart(c.name as Exclude<ContenderName, 'no tunnel'>, sshd, rrTarget));
    r(c).cold.push(...times);
    r(c).roundCold.push(median(times));
    return times.map((t) => `${t.toFixed(0)} ms`).join(', ');
  });
}

interface Row {
  label: string;
  better: 'higher' | 'lower';
  digits: number;
  value: (s: Samples) => number | undefined;
  /** One value per round, in round order, for the paired ratio. */
  rounds?: (s: Samples) => number[];
}

const med = (v: number[]) => (v.length ? median(v) : undefined);
const p = (v: number[], q: number) => (v.length ? percentile(v, q) : undefined);

/** A row whose value is the median of one series, with one value per round. */
const series = (label: string, better: Row['better'], digits: number, key: keyof Samples): Row => ({
  label,
  better,
  digits,
  value: (s) => med(s[key]),
  rounds: (s) => s[key],
});

const ROWS: Row[] = [
  series('pgbench -S, 1 client: tps', 'higher', 0, 'pg1'),
  series('pgbench -S, 1 client: client CPU µs/tx', 'lower', 1, 'pg1CpuUs'),
  {
    label: 'pgbench -S, 1 client: of which kernel %',
    better: 'lower',
    digits: 0,
    value: (s) => med(s.pg1SysShare),
  },
  series('pgbench -S, 8 clients: tps', 'higher', 0, 'pg8'),
  series('pgbench -S, 8 clients: client CPU µs/tx', 'lower', 1, 'pg8CpuUs'),
  series('redis GET req/s (-R, 1 conn)', 'higher', 0, 'redisGet'),
  series('redis SET req/s (-R, 1 conn)', 'higher', 0, 'redisSet'),
  series('redis: client CPU µs/request', 'lower', 1, 'redisCpuUs'),
  series('curl 64 MiB via -D: MB/s', 'higher', 0, 'curl'),
  series('bulk MB/s (before req/resp)', 'higher', 0, 'bulk'),
  {
    label: 'req/resp after bulk: p50 ms',
    better: 'lower',
    digits: 3,
    value: (s) => p(s.rtt, 50),
    rounds: (s) => s.roundP50,
  },
  {
    label: 'req/resp after bulk: p99 ms',
    better: 'lower',
    digits: 3,
    value: (s) => p(s.rtt, 99),
    rounds: (s) => s.roundP99,
  },
  {
    label: 'req/resp after bulk: worst round p99',
    better: 'lower',
    digits: 3,
    value: (s) => (s.roundP99.length ? Math.max(...s.roundP99) : undefined),
  },
  {
    label: 'cold start → first byte p50 ms',
    better: 'lower',
    digits: 0,
    value: (s) => p(s.cold, 50),
    rounds: (s) => s.roundCold,
  },
  {
    label: 'cold start → first byte max ms',
    better: 'lower',
    digits: 0,
    value: (s) => (s.cold.length ? Math.max(...s.cold) : undefined),
  },
];

function printTable(names: ContenderName[], results: Map<ContenderName, Samples>): void {
  const fmt = (v: number | undefined, digits: number) =>
    v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
  const tk = results.get('tunnelkeeper');
  const ratio = (row: Row, other: ContenderName) => {
    const o = results.get(other);
    const a = tk && row.value(tk);
    const b = o && row.value(o);
    return a === undefined || b === undefined || !b ? '-' : `${(a / b).toFixed(2)}×`;
  };
  // Per round, tk's value over the other's from the same round, then the median of those: the
  // machine's speed drifts by tens of per cent over minutes (the "no tunnel" floor moved 9.6k →
  // 15.7k tps between two rounds of one run), and contenders measured in the same round share it.
  const paired = (row: Row, other: ContenderName) => {
    const o = results.get(other);
    const a = tk && row.rounds?.(tk);
    const b = o && row.rounds?.(o);
    if (!a || !b || !a.length || a.length !== b.length) return '-';
    return `${median(a.map((v, i) => v / b[i]!)).toFixed(2)}×`;
  };
  const ratioColumns = (['ssh', 'plink'] as const).filter((n) => tk && results.has(n));
  const table = [
    [
      'metric',
      'better',
      ...names,
      ...ratioColumns.map((n) => `tk / ${n}`),
      ...ratioColumns.map((n) => `paired / ${n}`),
    ],
    ...ROWS.map((row) => [
      row.label,
      row.better,
      ...names.map((n) => fmt(row.value(results.get(n)!), row.digits)),
      ...ratioColumns.map((n) => ratio(row, n)),
      ...ratioColumns.map((n) => paired(row, n)),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

async function main(): Promise<void> {
  const programs = requireAll();
  execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const names = (ONLY ?? [...CONTENDERS]) as ContenderName[];
  for (const n of names)
    if (!(CONTENDERS as readonly string[]).includes(n))
      throw new Error(`unknown contender "${n}"; known: ${CONTENDERS.join(', ')}`);
  const started = Date.now();
  const noise = watchNoise();
  const sshd = await startSshd();
  sshdHandle = sshd;
  progress('starting PostgreSQL (initdb, pgbench -i), redis, the HTTP, bulk and req/resp servers');
  pg = await startPostgres(PG_SCALE);
  redis = await startRedis();
  const http = await startHttp(CURL_BYTES);
  const bulk = await bulkSource(BULK);
  const rr = await requestResponse();
  servers.push(http, bulk, rr);
  const targets = { pgPort: pg.port, redisPort: redis.port, bulkPort: bulk.port, rrPort: rr.port };
  const contenders: Contender[] = [];
  for (const n of names) contenders.push(await startContender(n, sshd, targets));
  const results = new Map<ContenderName, Samples>(names.map((n) => [n, emptySamples()]));

  progress('warm-up (not counted)');
  for (const c of contenders) {
    await pgbenchSelect(c.pgPort, 8, 1);
    await redisBenchmark(c.redisPort, 1000);
    await curlDownload(c.socksPort, http.port, http.path, http);
    await throughput(c.bulkPort, BULK);
    for (let left = WARM_MB * 1024 * 1024; left > 0; left -= BULK)
      await throughput(c.bulkPort, BULK);
    await latencies(c.rrPort, 500);
  }
  for (let round = 0; round < ROUNDS; round++) {
    progress(`round ${round + 1}/${ROUNDS}`);
    await measureRound(contenders, round, results, http, sshd, rr.port);
  }
  for (const c of contenders) if (c.child) await stop(c.child);

  console.log('');
  console.log(
    `${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? '?'}; node ${process.version}; ${version(programs.ssh, ['-V'])}; ${version(programs.plink, ['-V'])}; ${version(programs.pgbench, ['--version'])}; ${version(programs['redis-server'], ['--version'])}; ${version(programs.curl, ['--version'])}`,
  );
  console.log(
    `ciphers: ${contenders.map((c) => `${c.name} ${c.cipher}`).join(', ')}; ${ROUNDS} rounds after one warm-up, rotated; pgbench -T ${PG_SECONDS} -s ${PG_SCALE}; redis-benchmark -n ${REDIS_N}; bulk ${BULK >> 20} MiB then ${RR} req/resp; ${COLD} cold starts per round; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(noise.stop());
  console.log('');
  printTable(names, results);
  console.log(
    '\nratios: Tunnelkeeper\'s number over the other\'s; "better" says which way is good (tps 1.10× = 10 % more; latency 0.90× = 10 % less). "tk / x": ratio of the medians; "paired / x": median over rounds of the ratio within each round.',
  );
}

async function cleanup(): Promise<void> {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const s of servers) s.close();
  await redis?.stop();
  pg?.stop();
  await sshdHandle?.stop();
}

main().then(
  () => cleanup().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    void cleanup().then(() => process.exit(1));
  },
);
