/**
 * `npx tsx scripts/bench/clients-ab.ts`: A/B of Tunnelkeeper builds on the data path, with the
 * workloads of `npm run bench:clients` (pgbench -S 1 and 8 clients through -L, redis-benchmark
 * through -R, curl through -D, request/response right after a bulk download) and OpenSSH in the
 * same run as the yardstick. Every round runs each contender in an order that rotates; medians
 * are printed with each build's ratio to the first build and to ssh. Not a test.
 *   BENCH_BUILDS=a=F,b=G  builds to compare: F is `bin` (bin/tunnelkeeper.cjs, as installed) or a
 *                         bundle run as `node --single-threaded-gc F` (keep copies under out/, so
 *                         that they find node_modules); default `tunnelkeeper=bin`. `name=F?K=V&K2=V2`
 *                         adds environment variables to that build's process
 *   BENCH_SSH=0           leave OpenSSH out
 *   BENCH_ROUNDS=N        rounds (default 5)
 *   BENCH_PG_SECONDS=N    pgbench -T (default 5)
 *   BENCH_REDIS_N=N       redis-benchmark -n (default 10000)
 *   BENCH_MB=N            MiB of the bulk download before the request/response (default 256)
 *   BENCH_STAGES=a,b      only these stages: pg1, pg8, redis, curl, rr (default all)
 */
import os from 'node:os';
import path from 'node:path';
import { freePorts } from '../../tests/helpers/ports';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { watchNoise } from './clients-noise';
import { curlDownload, pgbenchSelect, redisBenchmark } from './clients-run';
import { startHttp, startPostgres, startRedis, type Postgres, type Redis } from './clients-servers';
import { startContender, tkConfigFile, type Targets } from './clients-tools';
import { processCpuMs } from './cpu';
import { latencies, median, percentile, throughput } from './measure';
import { root, spawnLogged, spawned, stop, tkCipher, waitForPort } from './processes';
import { bulkSource, requestResponse, type Server } from './servers';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const ROUNDS = num('BENCH_ROUNDS', 5);
const PG_SECONDS = num('BENCH_PG_SECONDS', 5);
const REDIS_N = num('BENCH_REDIS_N', 10_000);
const BULK = num('BENCH_MB', 256) * 1024 * 1024;
const RR = 2000;
const STAGES = new Set(
  (process.env.BENCH_STAGES ?? 'pg1,pg8,redis,curl,rr').split(',').map((s) => s.trim()),
);
const BUILDS = (process.env.BENCH_BUILDS ?? 'tunnelkeeper=bin').split(',').map((spec) => {
  const [name, rest] = spec.split(/=(.*)/s) as [string, string | undefined];
  if (!rest) throw new Error(`BENCH_BUILDS: "${spec}" is not name=file`);
  const [file, query] = rest.split('?') as [string, string | undefined];
  const env = Object.fromEntries(new URLSearchParams(query ?? ''));
  return { name, file: file === 'bin' ? 'bin' : path.resolve(file), env };
});

interface Entry {
  name: string;
  pg: number;
  redis: number;
  socks: number;
  bulk: number;
  rr: number;
  pid?: number;
  cipher: string;
  samples: Map<string, number[]>;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const servers: Server[] = [];
let sshdHandle: SshdHandle | undefined;
let pg: Postgres | undefined;
let redis: Redis | undefined;

async function startBuild(
  { name, file, env: extraEnv }: (typeof BUILDS)[number],
  sshd: SshdHandle,
  t: Targets,
): Promise<Entry> {
  const [pgPort, redisRemote, socks, bulk, rr] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const config = tkConfigFile(sshd, t, { pg: pgPort, redisRemote, socks, bulk, rr });
  const dir = path.dirname(config);
  const args = ['up', '--config', config, '--json'];
  const env = {
    TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
    TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
    ...extraEnv,
  };
  const p =
    file === 'bin'
      ? spawnLogged(path.join(root, 'bin/tunnelkeeper.cjs'), args, env)
      : spawnLogged(process.execPath, ['--single-threaded-gc', file, ...args], env);
  for (const port of [pgPort, redisRemote, socks, bulk, rr]) await waitForPort(port, p.child);
  return {
    name,
    pg: pgPort,
    redis: redisRemote,
    socks,
    bulk,
    rr,
    pid: p.child.pid,
    cipher: tkCipher(dir, 'clients'),
    samples: new Map(),
  };
}

function add(e: Entry, key: string, value: number): void {
  const list = e.samples.get(key) ?? [];
  list.push(value);
  e.samples.set(key, list);
}

const cpu = (e: Entry) => (e.pid ? processCpuMs(e.pid) : 0);

async function round(entries: Entry[], k: number, http: Awaited<ReturnType<typeof startHttp>>) {
  const order = entries.map((_, i) => entries[(i + k) % entries.length]!);
  const stage = async (label: string, body: (e: Entry) => Promise<string>) => {
    if (!STAGES.has(label)) return;
    for (const e of order) progress(`  ${label.padEnd(6)} ${e.name.padEnd(14)} ${await body(e)}`);
  };
  await stage('pg1', async (e) => {
    const c0 = cpu(e);
    const r = await pgbenchSelect(e.pg, 1, PG_SECONDS);
    add(e, 'pgbench -c 1 tps', r.tps);
    add(e, 'pgbench -c 1 CPU µs/tx', ((cpu(e) - c0) * 1000) / r.transactions);
    return `${r.tps.toFixed(0)} tps`;
  });
  await stage('pg8', async (e) => {
    const c0 = cpu(e);
    const r = await pgbenchSelect(e.pg, 8, PG_SECONDS);
    add(e, 'pgbench -c 8 tps', r.tps);
    add(e, 'pgbench -c 8 CPU µs/tx', ((cpu(e) - c0) * 1000) / r.transactions);
    return `${r.tps.toFixed(0)} tps`;
  });
  await stage('redis', async (e) => {
    const c0 = cpu(e);
    const r = await redisBenchmark(e.redis, REDIS_N);
    add(e, 'redis GET req/s', r.get);
    add(e, 'redis SET req/s', r.set);
    add(e, 'redis CPU µs/req', ((cpu(e) - c0) * 1000) / r.requests);
    return `GET ${r.get.toFixed(0)}/s SET ${r.set.toFixed(0)}/s`;
  });
  await stage('curl', async (e) => {
    const c0 = cpu(e);
    const mbps = await curlDownload(e.socks, http.port, http.path, http);
    add(e, 'curl MB/s', mbps);
    add(e, 'curl CPU ms/100MB', ((cpu(e) - c0) * 100) / (http.bytes / 1e6));
    return `${mbps.toFixed(0)} MB/s`;
  });
  await stage('rr', async (e) => {
    const mbps = await throughput(e.bulk, BULK);
    const rtt = await latencies(e.rr, RR);
    add(e, 'bulk MB/s', mbps);
    add(e, 'rr p50 ms', percentile(rtt, 50));
    add(e, 'rr p99 ms', percentile(rtt, 99));
    return `${mbps.toFixed(0)} MB/s, p50 ${percentile(rtt, 50).toFixed(3)} p99 ${percentile(rtt, 99).toFixed(3)} ms`;
  });
}

function print(entries: Entry[]): void {
  const keys = [...new Set(entries.flatMap((e) => [...e.samples.keys()]))];
  const first = entries[0]!;
  const ssh = entries.find((e) => e.name === 'ssh');
  const med = (e: Entry, key: string) => {
    const v = e.samples.get(key);
    return v?.length ? median(v) : undefined;
  };
  const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '-');
  const table = [
    [
      'metric (median)',
      ...entries.map((e) => e.name),
      ...entries.slice(1).map((e) => `${e.name}/${first.name}`),
      ...entries.filter((e) => e !== ssh && ssh).map((e) => `${e.name}/ssh`),
    ],
    ...keys.map((key) => [
      key,
      ...entries.map((e) => {
        const m = med(e, key);
        return m === undefined ? '-' : m.toFixed(m < 10 ? 3 : 0);
      }),
      ...entries.slice(1).map((e) => ratio(med(e, key), med(first, key))),
      ...entries.filter((e) => e !== ssh && ssh).map((e) => ratio(med(e, key), med(ssh!, key))),
    ]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

async function main(): Promise<void> {
  const started = Date.now();
  const noise = watchNoise();
  const sshd = await startSshd();
  sshdHandle = sshd;
  pg = await startPostgres(num('BENCH_PG_SCALE', 5));
  redis = await startRedis();
  const http = await startHttp(64 * 1024 * 1024);
  const bulk = await bulkSource(BULK);
  const rr = await requestResponse();
  servers.push(http, bulk, rr);
  const targets: Targets = {
    pgPort: pg.port,
    redisPort: redis.port,
    bulkPort: bulk.port,
    rrPort: rr.port,
  };
  const entries: Entry[] = [];
  for (const b of BUILDS) entries.push(await startBuild(b, sshd, targets));
  if (process.env.BENCH_SSH !== '0') {
    const c = await startContender('ssh', sshd, targets);
    entries.push({
      name: 'ssh',
      pg: c.pgPort,
      redis: c.redisPort,
      socks: c.socksPort!,
      bulk: c.bulkPort,
      rr: c.rrPort,
      pid: c.child?.pid,
      cipher: c.cipher,
      samples: new Map(),
    });
  }
  progress('warm-up (not counted)');
  for (const e of entries) {
    await pgbenchSelect(e.pg, 8, 1);
    await redisBenchmark(e.redis, 1000);
    await curlDownload(e.socks, http.port, http.path, http);
    await throughput(e.bulk, BULK);
    await latencies(e.rr, 500);
  }
  for (let k = 0; k < ROUNDS; k++) {
    progress(`round ${k + 1}/${ROUNDS}`);
    await round(entries, k, http);
  }
  console.log(
    `\n${os.cpus().length} CPUs; ${entries.map((e) => `${e.name} ${e.cipher}`).join(', ')}; ${ROUNDS} rounds, rotated; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(noise.stop());
  print(entries);
}

async function cleanup(): Promise<void> {
  for (const child of spawned) await stop(child);
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
