/**
 * Runs the real clients once each and reads their own numbers: pgbench's tps, redis-benchmark's
 * requests/s, curl's bytes and total time (checked against the file's sha256).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { requireProgram } from './clients-peers';
import { work } from './processes';

function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      file,
      args,
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`${path.basename(file)} ${args.join(' ')}: ${error.message}\n${stderr}`),
          );
        else resolve(stdout);
      },
    ),
  );
}

export interface PgbenchResult {
  tps: number;
  latencyMs: number;
  transactions: number;
}

/** `pgbench -S` (built-in select-only script), no vacuum, for `seconds`. */
export async function pgbenchSelect(
  port: number,
  clients: number,
  seconds: number,
): Promise<PgbenchResult> {
  const out = await run(
    requireProgram('pgbench'),
    [
      '-S',
      '-n',
      '-c',
      String(clients),
      '-j',
      String(Math.min(clients, 2)),
      '-T',
      String(seconds),
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      'postgres',
    ],
    { PGCONNECT_TIMEOUT: '10' },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  const latency = /latency average = ([\d.]+) ms/.exec(out);
  const tx = /number of transactions actually processed: (\d+)/.exec(out);
  if (!tps || !latency || !tx) throw new Error(`pgbench: no tps in its output:\n${out}`);
  return { tps: Number(tps[1]), latencyMs: Number(latency[1]), transactions: Number(tx[1]) };
}

export interface RedisResult {
  get: number;
  set: number;
  requests: number;
}

/** `redis-benchmark -c 1 -n <requests> -t get,set --csv`: requests/s of each. */
export async function redisBenchmark(port: number, requests: number): Promise<RedisResult> {
  const out = await run(requireProgram('redis-benchmark'), [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-c',
    '1',
    '-n',
    String(requests),
    '-t',
    'get,set',
    '--csv',
  ]);
  const rps = (test: string) => {
    const m = new RegExp(`^"${test}","([\\d.]+)"`, 'm').exec(out);
    if (!m) throw new Error(`redis-benchmark: no ${test} line in its output:\n${out}`);
    return Number(m[1]);
  };
  return { get: rps('GET'), set: rps('SET'), requests: 2 * requests };
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

let downloads = 0;

/**
 * curl downloads the file, through SOCKS5 with the host name resolved by the proxy when
 * `socksPort` is set (-D), else directly; MB/s from curl's own size and total time.
 */
export async function curlDownload(
  socksPort: number | undefined,
  httpPort: number,
  urlPath: string,
  expected: { bytes: number; sha256: string },
): Promise<number> {
  const file = path.join(work, `download-${++downloads}`);
  const proxy = socksPort === undefined ? [] : ['--socks5-hostname', `127.0.0.1:${socksPort}`];
  try {
    const out = await run(requireProgram('curl'), [
      '-sS',
      '--fail',
      ...proxy,
      `http://127.0.0.1:${httpPort}${urlPath}`,
      '-o',
      file,
      '-w',
      '%{size_download} %{time_total}',
    ]);
    const [size, total] = out.trim().split(' ').map(Number) as [number, number];
    if (size !== expected.bytes) throw new Error(`curl: got ${size} of ${expected.bytes} bytes`);
    const sum = await sha256File(file);
    if (sum !== expected.sha256)
      throw new Error(`curl: sha256 mismatch (${sum}, expected ${expected.sha256})`);
    return size / 1e6 / total;
  } finally {
    rmSync(file, { force: true });
  }
}

/** User and kernel CPU of a process so far, ms (/proc/<pid>/stat: every thread, 10 ms ticks). */
export function userSysMs(pid: number): { user: number; sys: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    return { user: Number(fields[11]) * tick, sys: Number(fields[12]) * tick };
  } catch {
    return { user: 0, sys: 0 };
  }
}
