/**
 * Issue #19: request/response latency right after a bulk transfer in the same tunnel.
 * One sshd, a bulk source and a request/response server; per variant one client with two -L
 * forwards: WARM (500) req/resp not counted, then A: RR (2000) req/resp, a BULK_MIB (256) MiB
 * download through the other forward, B: RR req/resp again, C: 200 ms idle, RR req/resp.
 * Each req/resp phase is a new connection (a new channel). Variants run interleaved, round after
 * round; medians over rounds. With CHUNKS=k: instead, per process, k phases of RR req/resp, the
 * bulk, k phases again, each printed as p50/p99 ms/CPU µs per request.
 *   npx tsx scripts/bench/p99-after-bulk.ts [rounds] [variant,...]
 * Variants: ssh, tk (the bin's node flag --single-threaded-gc), tk:<more node flags, '+' between>
 * (e.g. tk:--max-semi-space-size=1); each tk variant runs with the probe below preloaded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePorts } from '../../tests/helpers/ports';
import { startSshd } from '../../tests/helpers/sshd';
import { requireProgram } from './clients-peers';
import { latencies, median, percentile, throughput } from './measure';
import {
  sleep,
  spawnLogged,
  spawned,
  startTk,
  stop,
  tkConfig,
  waitForPort,
  work,
} from './processes';
import { bulkSource, requestResponse } from './servers';

const ROUNDS = Number(process.argv[2] ?? 3);
const VARIANTS = (process.argv[3] ?? 'tk,ssh').split(',');
const RR = Number(process.env.RR ?? 2000);
const BULK = Number(process.env.BULK_MIB ?? 256) * 1024 * 1024;
/**
 * Preloaded into each tunnelkeeper (node --require): on SIGUSR2 prints, on stderr, one line
 * `P99PROBE {...}` with the event-loop delay and the GC pauses since the previous signal.
 */
const PROBE = `'use strict';
// Preload (node --require) for scripts/bench/p99-after-bulk.ts: on SIGUSR2 prints, on stderr, one
// line \`P99PROBE {...}\` with the event-loop delay and the GC pauses since the previous signal.
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const v8 = require('node:v8');
const h = monitorEventLoopDelay({ resolution: 1 });
h.enable();
let gcs = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    gcs.push({ kind: e.detail ? e.detail.kind : e.kind, ms: e.duration });
}).observe({ entryTypes: ['gc'] });
process.on('SIGUSR2', () => {
  const ns = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  const out = {
    eldP50: h.percentile(50) / 1e6,
    eldP99: h.percentile(99) / 1e6,
    eldMax: h.max / 1e6,
    gcCount: gcs.length,
    gcMs: gcs.reduce((a, g) => a + g.ms, 0),
    gcMaxMs: gcs.reduce((a, g) => Math.max(a, g.ms), 0),
    gcKinds: gcs.map((g) => g.kind).join(' '),
    newSpaceKB: Math.round(ns.space_size / 1024),
  };
  process.stderr.write(\`P99PROBE \${JSON.stringify(out)}\\n\`);
  h.reset();
  gcs = [];
});
`;
const probe = path.join(work, 'p99-probe.cjs');
writeFileSync(probe, PROBE);

interface Row {
  p50a: number;
  p99a: number;
  p50b: number;
  p99b: number;
  mbs: number;
  /** Slow samples (> 2 × that phase's p50) among the first 200 requests and among the rest. */
  slowFirstA: number;
  slowRestA: number;
  slowFirstB: number;
  slowRestB: number;
  p99RestB: number;
  /** Phase C: after phase B, 200 ms idle, then 2000 req/resp again (no bulk in between). */
  p99c: number;
  slowFirstC: number;
  slowRestC: number;
  /** The tunnel process's CPU (user+sys) per request in phases A and B, µs (10 ms ticks). */
  cpuA: number;
  cpuB: number;
  probeA?: Record<string, number>;
  probeB?: Record<string, number>;
}

/** utime + stime of a process in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const f3 = (x: number) => x.toFixed(3);

async function main() {
  const sshd = await startSshd();
  const bulk = await bulkSource(BULK);
  const rr = await requestResponse();
  const results = new Map<string, Row[]>(VARIANTS.map((v) => [v, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...VARIANTS].reverse() : VARIANTS;
      for (const v of order) {
        const [pb, pr] = (await freePorts(2)) as [number, number];
        let child;
        let stderr: () => string = () => '';
        if (v === 'ssh') {
          const s = spawnLogged(requireProgram('ssh'), [
            '-N',
            '-p',
            String(sshd.port),
            '-i',
            sshd.clientKeyPath,
            ...[
              'StrictHostKeyChecking=no',
              'UserKnownHostsFile=/dev/null',
              'BatchMode=yes',
            ].flatMap((o) => ['-o', o]),
            '-L',
            `${pb}:127.0.0.1:${bulk.port}`,
            '-L',
            `${pr}:127.0.0.1:${rr.port}`,
            `${sshd.user}@127.0.0.1`,
          ]);
          child = s.child;
        } else {
          const flags = v === 'tk' ? [] : v.slice(3).split('+');
          const config = tkConfig(sshd, [
            {
              id: 'p',
              forwards: [
                { id: 'bulk', bindPort: pb, targetPort: bulk.port },
                { id: 'rr', bindPort: pr, targetPort: rr.port },
              ],
            },
          ]);
          const tk = await startTk(config, 1, {}, [
            '--single-threaded-gc',
            ...flags,
            '--require',
            probe,
          ]);
          child = tk.child;
          stderr = tk.stderr;
        }
        await waitForPort(pb, child);
        await waitForPort(pr, child);
        const probeNow = async () => {
          if (v === 'ssh') return undefined;
          const before = stderr().length;
          child.kill('SIGUSR2');
          for (let i = 0; i < 50 && !stderr().slice(before).includes('\n'); i++) await sleep(20);
          const m = /P99PROBE (\{.*\})/.exec(stderr().slice(before));
          return m ? (JSON.parse(m[1]!) as Record<string, number>) : undefined;
        };
        if (process.env.CHUNKS) {
          // Per-chunk trace: K chunks of RR req/resp, a bulk, K chunks again.
          const K = Number(process.env.CHUNKS);
          const line: string[] = [];
          const chunk = async () => {
            const t = cpuMs(child.pid!);
            const x = await latencies(pr, RR);
            const us = ((cpuMs(child.pid!) - t) * 1000) / RR;
            line.push(`${f3(percentile(x, 50))}/${f3(percentile(x, 99))}/${us.toFixed(0)}`);
          };
          for (let k = 0; k < K; k++) await chunk();
          line.push('| bulk |');
          await throughput(pb, BULK);
          for (let k = 0; k < K; k++) await chunk();
          console.log(`${v}: ${line.join(' ')}`);
          await stop(child);
          continue;
        }
        await latencies(pr, Number(process.env.WARM ?? 500)); // warm-up
        await sleep(200);
        await probeNow();
        const t0 = cpuMs(child.pid!);
        const a = await latencies(pr, RR);
        const cpuA = ((cpuMs(child.pid!) - t0) * 1000) / RR;
        const probeA = await probeNow();
        const mbs = await throughput(pb, BULK);
        await probeNow();
        const tb = cpuMs(child.pid!);
        const b = await latencies(pr, RR);
        const cpuB = ((cpuMs(child.pid!) - tb) * 1000) / RR;
        const probeB = await probeNow();
        const t1 = cpuMs(child.pid!);
        await sleep(200);
        await probeNow();
        const c = await latencies(pr, RR);
        void t1;
        const row: Row = {
          p50a: median(a),
          p99a: percentile(a, 99),
          p50b: median(b),
          p99b: percentile(b, 99),
          mbs,
          slowFirstA: a.slice(0, 200).filter((x) => x > 2 * median(a)).length,
          slowRestA: a.slice(200).filter((x) => x > 2 * median(a)).length,
          slowFirstB: b.slice(0, 200).filter((x) => x > 2 * median(b)).length,
          slowRestB: b.slice(200).filter((x) => x > 2 * median(b)).length,
          p99RestB: percentile(b.slice(200), 99),
          p99c: percentile(c, 99),
          slowFirstC: c.slice(0, 200).filter((x) => x > 2 * median(c)).length,
          slowRestC: c.slice(200).filter((x) => x > 2 * median(c)).length,
          cpuA,
          cpuB,
          probeA,
          probeB,
        };
        results.get(v)!.push(row);
        process.stderr.write(`round ${round} ${v}: ${JSON.stringify(row)}\n`);
        await stop(child);
      }
    }
  } finally {
    for (const c of spawned) if (c.exitCode === null) c.kill('SIGKILL');
    bulk.close();
    rr.close();
    await sshd.stop();
  }
  if (process.env.CHUNKS) return;
  const f = (x: number) => x.toFixed(3);
  console.log(
    'variant                          p50 before  p99 before  p50 after  p99 after  MB/s  slow A first200/rest  slow B first200/rest  p99 B after first 200  p99 C (idle, no bulk)  slow C  CPU µs/req A B',
  );
  for (const [v, rows] of results) {
    const m = (k: keyof Row) => median(rows.map((r) => r[k] as number));
    console.log(
      `${v.padEnd(32)} ${f(m('p50a')).padStart(10)} ${f(m('p99a')).padStart(11)} ${f(m('p50b')).padStart(10)} ${f(m('p99b')).padStart(10)} ${m('mbs').toFixed(0).padStart(5)}  ${m('slowFirstA')}/${m('slowRestA')}  ${m('slowFirstB')}/${m('slowRestB')}  ${f(m('p99RestB'))}  ${f(m('p99c'))}  ${m('slowFirstC')}/${m('slowRestC')}  ${m('cpuA').toFixed(0)} ${m('cpuB').toFixed(0)}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  for (const c of spawned) if (c.exitCode === null) c.kill('SIGKILL');
  process.exit(1);
});
