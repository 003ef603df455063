/**
 * `npm run bench`: the same local forward through Tunnelkeeper (`tunnelkeeper up`, a separate
 * process like the others), OpenSSH `ssh -L` and PuTTY `plink -L` against one sshd, rounds
 * interleaved, with the targets reached directly as the floor; then Tunnelkeeper alone: back-up
 * time after a server restart, 1000 concurrent channels, RSS/CPU of 50 idle tunnels.
 * Not a test: it prints a table.
 *   BENCH_QUICK=1       small sizes (a smoke run, numbers too noisy to quote)
 *   BENCH_ROUNDS=N      measured rounds (default 7)
 *   BENCH_MB=N          MiB per bulk download (default 128)
 *   BENCH_TOOLS=a,b     only these contenders (names as in the table, or "tk (default GC)": V8's
 *                       parallel GC instead of the bin's --single-threaded-gc), and skip the
 *                       later stages
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, freePorts } from '../../tests/helpers/ports';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { killServerHard } from '../../tests/helpers/sshd-kill';
import { compare, type ToolResult } from './compare';
import { processCpuMs } from './cpu';
import { concurrentIntact, median, percentile } from './measure';
import { sleep, spawned, startTk, stop, tkConfig, root, type TkProfile } from './processes';
import { bulkSource, echo, requestResponse, type Server } from './servers';
import { startTools, stopTools, TOOL_NAMES, type Tool } from './tools';

const QUICK = process.env.BENCH_QUICK === '1';
const BULK = Number(process.env.BENCH_MB ?? (QUICK ? 32 : 128)) * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 7));
const RR = QUICK ? 500 : 2000;
const TTFB = QUICK ? 10 : 30;
const ONLY = process.env.BENCH_TOOLS?.split(',').map((s) => s.trim());

let server: SshdHandle | undefined;
const p99 = (values: number[]) => percentile(values, 99);

function printTable(tools: Tool[], results: Map<string, ToolResult>): void {
  const m = (name: string) => results.get(name)!;
  const num = (v: number | undefined, digits: number) =>
    v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits);
  const row = (label: string, f: (r: ToolResult) => number | undefined, digits: number) => [
    label,
    ...tools.map((t) => num(f(m(t.name)), digits)),
  ];
  const cpu = (values: number[]) => (values.length ? median(values) : undefined);
  const table = [
    ['metric', ...tools.map((t) => t.name)],
    ['cipher', ...tools.map((t) => t.cipher)],
    row('bulk MB/s (median)', (r) => median(r.mbps), 0),
    row('bulk MB/s (worst)', (r) => Math.min(...r.mbps), 0),
    row('bulk MB/s (best)', (r) => Math.max(...r.mbps), 0),
    row('client CPU ms / 100 MB', (r) => cpu(r.clientCpu), 0),
    row('sshd CPU ms / 100 MB', (r) => cpu(r.sshdCpu), 0),
    row('bench CPU ms / 100 MB', (r) => cpu(r.benchCpu), 0),
    row('req/resp p50 ms', (r) => percentile(r.rtt, 50), 3),
    row('req/resp p90 ms', (r) => percentile(r.rtt, 90), 3),
    row('req/resp p99 ms', (r) => p99(r.rtt), 3),
    row('client CPU µs / request', (r) => cpu(r.clientUsPerRequest), 1),
    row('p99 of a round, best', (r) => Math.min(...r.roundP99), 3),
    row('p99 of a round, worst', (r) => Math.max(...r.roundP99), 3),
    row('first byte p50 ms', (r) => percentile(r.ttfb, 50), 3),
    row('first byte p99 ms', (r) => p99(r.ttfb), 3),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
}

function printRatios(results: Map<string, ToolResult>): void {
  const m = (name: string) => results.get(name);
  const tk = m('tunnelkeeper');
  const ssh = m('ssh -L');
  const plink = m('plink -L');
  if (!tk) return;
  const better = Math.max(ssh ? median(ssh.mbps) : 0, plink ? median(plink.mbps) : 0);
  console.log('');
  if (better > 0)
    console.log(
      `throughput tunnelkeeper / better of ssh,plink: ${(median(tk.mbps) / better).toFixed(2)}× (target ≥ 1.3×)`,
    );
  const defaultGc = m('tk (default GC)');
  if (defaultGc)
    console.log(
      `throughput single-threaded GC / default GC: ${(median(tk.mbps) / median(defaultGc.mbps)).toFixed(2)}×, client CPU ${(median(tk.clientCpu) / median(defaultGc.clientCpu)).toFixed(2)}×`,
    );
  const noNative = m('tk (no native)');
  if (noNative)
    console.log(
      `throughput native / no-native: ${(median(tk.mbps) / median(noNative.mbps)).toFixed(2)}×`,
    );
  if (ssh) {
    console.log(
      `p99 tunnelkeeper / ssh: ${(p99(tk.rtt) / p99(ssh.rtt)).toFixed(2)}× (target ≤ 0.8×)`,
    );
    console.log(
      `first byte p50 tunnelkeeper / ssh: ${(percentile(tk.ttfb, 50) / percentile(ssh.ttfb, 50)).toFixed(2)}×`,
    );
    const sum = (r: ToolResult) => median(r.clientCpu) + median(r.sshdCpu);
    console.log(
      `client + sshd CPU per 100 MB, tunnelkeeper / ssh: ${(sum(tk) / sum(ssh)).toFixed(2)}×`,
    );
  }
  const direct = m('no tunnel');
  if (direct && ssh) {
    const floor = percentile(direct.rtt, 50);
    const added = (r: ToolResult) => percentile(r.rtt, 50) - floor;
    console.log(
      `req/resp p50 added to the direct path: tunnelkeeper ${(added(tk) * 1000).toFixed(0)} µs, ssh ${(added(ssh) * 1000).toFixed(0)} µs`,
    );
  }
}

/** Back up after the server returns (listener and sessions killed, restarted on the same port). */
async function backUp(sshd: SshdHandle, echoServer: Server): Promise<void> {
  const lport = await freePort();
  const tk = await startTk(
    tkConfig(sshd, [
      { id: 'backup', forwards: [{ id: 'e', bindPort: lport, targetPort: echoServer.port }] },
    ]),
    1,
  );
  const times: number[] = [];
  for (let i = 0; i < (QUICK ? 2 : 3); i++) {
    const before = tk.stdout().length;
    await killServerHard(sshd);
    while (!tk.stdout().slice(before).includes('"state":"waiting"')) await sleep(20);
    await sleep(2000);
    const mark = tk.stdout().length;
    // Timed from the restart call: sshd's own start-up is inside the number (an upper bound);
    // timing from the helper's "listening" would miss reconnects that land while it polls.
    const t0 = Date.now();
    await sshd.restart();
    while (!tk.stdout().slice(mark).includes('"state":"connected"')) {
      if (Date.now() - t0 > 30_000) throw new Error('did not come back');
      await sleep(5);
    }
    times.push(Date.now() - t0);
  }
  const intact = await concurrentIntact(lport, 1000, 16 * 1024);
  console.log(
    `\nback up after the server restarts (down 2 s; timed from the restart, sshd start-up included): ${times.map((t) => `${t} ms`).join(', ')} (target ≤ 1000 ms)`,
  );
  console.log(`1000 concurrent channels × 16 KiB echo: ${intact}/1000 intact`);
  await stop(tk.child);
}

/** 50 idle tunnels in one process: memory and CPU with keepalives running. */
async function idle(sshd: SshdHandle, echoServer: Server): Promise<void> {
  const ports = await freePorts(50);
  const profiles: TkProfile[] = ports.map((port, i) => ({
    id: `idle${i + 1}`,
    forwards: [{ id: 'f', bindPort: port, targetPort: echoServer.port }],
  }));
  const tk = await startTk(tkConfig(sshd, profiles), 50);
  await sleep(3000);
  const pid = tk.child.pid!;
  const window = QUICK ? 10 : 20;
  const c0 = processCpuMs(pid);
  await sleep(window * 1000);
  const c1 = processCpuMs(pid);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  console.log(
    `50 idle tunnels (keepalive every 5 s): RSS ${rss.toFixed(0)} MB (target ≤ 150), CPU ${(((c1 - c0) / (window * 1000)) * 100).toFixed(2)} % over ${window} s (target ≤ 1 %)`,
  );
  await stop(tk.child);
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const crypto = createRequire(__filename)('ssh2/lib/protocol/crypto.js') as {
    bindingAvailable: boolean;
  };
  const sshd = await startSshd();
  server = sshd;
  const bulk = await bulkSource(BULK);
  const rr = await requestResponse();
  const echoServer = await echo();
  const tools = await startTools(
    sshd,
    { bulkPort: bulk.port, rrPort: rr.port },
    ONLY ?? TOOL_NAMES,
  );
  const results = await compare(
    tools,
    { bulkBytes: BULK, rounds: ROUNDS, requests: RR, firstBytes: TTFB },
    (line) => process.stderr.write(`${line}\n`),
    p99,
  );
  await stopTools(tools);
  console.log(
    `\nssh2 native crypto binding (sshcrypto.node): ${crypto.bindingAvailable ? 'built and loaded' : 'NOT available'}`,
  );
  console.log(
    `bulk ${BULK / 1024 / 1024} MiB × ${ROUNDS} rounds after one warm-up, ${RR} req/resp and ${TTFB} first-byte samples per round, interleaved; ${(await import('node:os')).cpus().length} CPUs\n`,
  );
  printTable(tools, results);
  printRatios(results);
  if (!ONLY) {
    await backUp(sshd, echoServer);
    await idle(sshd, echoServer);
  }
  bulk.close();
  rr.close();
  echoServer.close();
}

async function cleanup(): Promise<void> {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.stop();
}

main().then(
  () => cleanup().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    void cleanup().then(() => process.exit(1));
  },
);
