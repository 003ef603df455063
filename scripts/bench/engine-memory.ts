/**
 * `tsx scripts/bench/engine-memory.ts`: idle engines with 50 tunnels each, started under
 * different node flags or environment, side by side over the same seconds, in rounds (the
 * order rotates), so a saving can be told from the noise (issue #19, "50 idle tunnels ≤ 60 MB").
 *   BENCH_VARIANTS  `;`-separated, each `name:word word…`; a word starting with `--` is a node
 *                   flag, `NAME=value` an environment variable; a variant without `--` words
 *                   gets the shebang's --single-threaded-gc. Default: `base:`
 *   BENCH_ROUNDS    rounds (default 3)
 *   BENCH_TUNNELS   tunnels per engine (default 50)
 *   BENCH_SETTLE_S / BENCH_WINDOW_S  after all connected / sampled (default 30 / 20)
 *   BENCH_DETAIL=1  also where the memory is, at the end of the window: V8's heap spaces (a
 *                   `--require` hook answers SIGUSR2) and /proc/<pid>/smaps grouped by mapping
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { freePorts } from '../../tests/helpers/ports';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { processCpuMs } from './cpu';
import {
  allConnectedWall,
  engineConfig,
  freshDirs,
  rssMb,
  spawnEngine,
  terminate,
  type CliRun,
} from './engine-process';
import { median } from './measure';
import { sleep, spawned, work } from './processes';
import { echo, type Server } from './servers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TUNNELS = Number(process.env.BENCH_TUNNELS ?? 50);
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 30);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 20);
const DETAIL = process.env.BENCH_DETAIL === '1';

/** Answers SIGUSR2 with the engine's own view of its memory, in <pid>.json beside it. */
const HOOK = path.join(work, 'memory-hook.cjs');
writeFileSync(
  HOOK,
  `process.on('SIGUSR2', () => {
  const v8 = require('node:v8');
  const mb = (n) => Math.round(n / 104857.6) / 10;
  const usage = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)]));
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, [mb(s.space_size), mb(s.space_used_size), mb(s.physical_space_size)]]));
  require('node:fs').writeFileSync(${JSON.stringify(work)} + '/' + process.pid + '.json', JSON.stringify({ usage, spaces }));
});
`,
);

/** RSS by mapping (anonymous ones by size class), MB, the largest first. */
function smapsSummary(pid: number): string {
  const groups = new Map<string, number>();
  let name = '';
  let size = 0;
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
    if (head) {
      size = (parseInt(head[2]!, 16) - parseInt(head[1]!, 16)) / 1024;
      name = head[3]
        ? path.basename(head[3])
        : `anon ${size >= 65536 ? '≥64M' : size >= 1024 ? '1–64M' : size === 256 ? '256K' : '<1M'}`;
      continue;
    }
    const rss = /^Rss:\s+(\d+)/.exec(line);
    if (rss) groups.set(name, (groups.get(name) ?? 0) + Number(rss[1]) / 1024);
  }
  return [...groups]
    .filter(([, mb]) => mb >= 0.3)
    .sort((a, b) => b[1] - a[1])
    .map(([n, mb]) => `${n} ${mb.toFixed(1)}`)
    .join(', ');
}

async function heapDetail(pid: number): Promise<string> {
  const file = path.join(work, `${pid}.json`);
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(20);
  return existsSync(file) ? readFileSync(file, 'utf8') : '(no answer)';
}

interface Variant {
  name: string;
  flags: string[];
  env: NodeJS.ProcessEnv;
}

function variants(spec = process.env.BENCH_VARIANTS ?? 'base:'): Variant[] {
  return spec
    .split(';')
    .filter((v) => v.trim())
    .map((v) => {
      const [name, words = ''] = v.split(/:(.*)/s) as [string, string?];
      const list = words.split(/\s+/).filter(Boolean);
      const flags = list.filter((w) => w.startsWith('--'));
      const env = Object.fromEntries(
        list.filter((w) => !w.startsWith('--')).map((w) => w.split(/=(.*)/s).slice(0, 2)),
      ) as NodeJS.ProcessEnv;
      return { name: name.trim(), flags: flags.length ? flags : ['--single-threaded-gc'], env };
    });
}

interface Sample {
  rss: number;
  anon: number;
  file: number;
  pss: number;
  /** Pss_Anon of smaps_rollup: this process's own share of private memory. */
  pssAnon: number;
}

function sample(pid: number): Sample {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(rollup)?.[1]);
  const m = rssMb(pid);
  return {
    rss: m.rss,
    anon: m.anon,
    file: m.file,
    pss: kb('Pss') / 1024,
    pssAnon: kb('Pss_Anon') / 1024,
  };
}

async function round(sshd: SshdHandle, target: Server, list: Variant[], order: number[]) {
  const ports = await freePorts(TUNNELS * list.length);
  const runs: { variant: Variant; run: CliRun }[] = [];
  for (const k of order) {
    const variant = list[k]!;
    const ids = Array.from({ length: TUNNELS }, (_, i) => `m${k}-${i + 1}`);
    const dirs = freshDirs(
      engineConfig(
        sshd,
        ids.map((id, i) => ({
          id,
          forwards: [{ id: 'f', bindPort: ports[k * TUNNELS + i]!, targetPort: target.port }],
        })),
      ),
    );
    dirs.env = { ...dirs.env, ...variant.env };
    const run = spawnEngine(dirs, DETAIL ? [...variant.flags, '--require', HOOK] : variant.flags);
    await allConnectedWall(dirs.dataDir, ids, run.child).catch((error: Error) => {
      throw new Error(`${variant.name}: ${error.message}\n${run.stderr()}`);
    });
    runs.push({ variant, run });
  }
  await sleep(SETTLE_S * 1000);
  const samples = runs.map((): Sample[] => []);
  const cpu0 = runs.map((r) => processCpuMs(r.run.pid));
  const t0 = performance.now();
  for (let i = 1; i <= WINDOW_S; i++) {
    await sleep(t0 + i * 1000 - performance.now());
    runs.forEach((r, k) => samples[k]!.push(sample(r.run.pid)));
  }
  const wall = performance.now() - t0;
  const details = DETAIL
    ? await Promise.all(
        runs.map(async (r) => `${smapsSummary(r.run.pid)}\n    ${await heapDetail(r.run.pid)}`),
      )
    : [];
  const out = runs.map((r, k) => {
    const s = samples[k]!;
    const mid = (key: keyof Sample) => median(s.map((x) => x[key]));
    return {
      name: r.variant.name,
      rss: mid('rss'),
      anon: mid('anon'),
      file: mid('file'),
      pss: mid('pss'),
      pssAnon: mid('pssAnon'),
      cpu: ((processCpuMs(r.run.pid) - cpu0[k]!) / wall) * 100,
      detail: details[k],
    };
  });
  for (const r of runs) await terminate(r.run.child);
  return out;
}

async function main(): Promise<void> {
  const list = variants();
  const sshd = await startSshd();
  const target = await echo();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    `engine memory: ${TUNNELS} tunnels per engine, ${list.length} variant(s) side by side, ${ROUNDS} round(s), settle ${SETTLE_S} s, window ${WINDOW_S} s; load ${os.loadavg()[0]!.toFixed(2)}`,
  );
  const all = new Map<string, Awaited<ReturnType<typeof round>>>();
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const order = list.map((_, i) => (i + r) % list.length);
      const results = await round(sshd, target, list, order);
      for (const x of results) {
        all.set(x.name, [...(all.get(x.name) ?? []), x]);
        say(
          `  round ${r + 1} ${x.name.padEnd(16)} RSS ${x.rss.toFixed(1)} anon ${x.anon.toFixed(1)} file ${x.file.toFixed(1)} PSS ${x.pss.toFixed(1)} (anon ${x.pssAnon.toFixed(1)}) CPU ${x.cpu.toFixed(2)} %`,
        );
        if (x.detail) say(`    ${x.detail}`);
      }
    }
    say(`medians of ${ROUNDS} round(s), MB (CPU %); load now ${os.loadavg()[0]!.toFixed(2)}`);
    for (const v of list) {
      const xs = all.get(v.name)!;
      const m = (f: (x: (typeof xs)[number]) => number, d = 1) => median(xs.map(f)).toFixed(d);
      say(
        `  ${v.name.padEnd(16)} RSS ${m((x) => x.rss)} (${xs.map((x) => x.rss.toFixed(1)).join(' ')}) anon ${m((x) => x.anon)} file ${m((x) => x.file)} PSS ${m((x) => x.pss)} PSS anon ${m((x) => x.pssAnon)} CPU ${m((x) => x.cpu, 2)}  [${v.flags.join(' ')} ${Object.entries(
          v.env,
        )
          .map(([k, val]) => `${k}=${val}`)
          .join(' ')}]`,
      );
    }
  } finally {
    target.close();
    for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
    await sshd.stop();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
