/**
 * `npx tsx scripts/bench/cold-start.ts`: the cold start alone, Tunnelkeeper against plink and
 * OpenSSH in one run (issue #19: first byte through a new tunnel ≤ 1.2× plink's). Each round,
 * in an order that rotates, it times:
 *   - spawn of a new tunnel process with one -L → the first reply byte through it (the
 *     `coldStart` of `npm run bench:clients`: `tunnelkeeper up --config C`, `ssh -N -L`,
 *     `plink -N -L`, connect attempts every 2 ms);
 *   - `tunnelkeeper --version` and `node -e 0`, spawn → exit (the bundle's load time over bare node).
 * Medians, quartiles and the ratios to plink and ssh are printed. Not a test. Every process runs
 * without this machine's NODE_EXTRA_CA_CERTS (`coldEnv`, clients-tools.ts); `node -e 0` with it
 * shows what it would add to any node start.
 *   BENCH_ROUNDS=N      rounds (default 15)
 *   BENCH_BUILDS=a=F,…  Tunnelkeeper builds to compare (A/B): F is a bin/tunnelkeeper.cjs (of this
 *                       tree or a copy of another), run through its shebang as users run it;
 *                       `F --flag …`: run as `node --single-threaded-gc --flag … F`; `VAR=x F`:
 *                       with VAR=x in its environment; default `tunnelkeeper=bin/tunnelkeeper.cjs`
 *   BENCH_BUILD=0       do not rebuild the CLI first
 *   BENCH_KEEP_EXTRA_CA=1  keep NODE_EXTRA_CA_CERTS in every contender's environment
 */
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { requireProgram } from './clients-peers';
import { coldEnv, coldStart } from './clients-tools';
import { median, percentile } from './measure';
import { root, runBench, spawned } from './processes';
import { requestResponse } from './servers';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

interface Build {
  name: string;
  bin: string;
  /** Node flags besides the shebang's; undefined: through the shebang. */
  flags?: string[];
  env: NodeJS.ProcessEnv;
}

/** `name=[VAR=value …] file [--node-flag …]`. */
const builds: Build[] = (process.env.BENCH_BUILDS ?? 'tunnelkeeper=bin/tunnelkeeper.cjs')
  .split(',')
  .map((spec) => {
    const at = spec.indexOf('=');
    const words = spec
      .slice(at + 1)
      .trim()
      .split(/\s+/);
    const env = Object.fromEntries(
      words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => w.split('=') as [string, string]),
    );
    const [file, ...flags] = words.filter((w) => !/^[A-Z_]+=/.test(w)) as [string, ...string[]];
    const bin = path.resolve(root, file);
    return { name: spec.slice(0, at), bin, flags: flags.length ? flags : undefined, env };
  });

function wallMs(file: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(file, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...coldEnv(), ...env },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')}: exit ${r.status} ${r.stderr}`);
  return ms;
}

type Task = { label: string; run: () => Promise<number> };

function tasks(sshd: SshdHandle, rrPort: number): Task[] {
  const list: Task[] = [
    { label: 'node -e 0', run: async () => wallMs(process.execPath, ['-e', '0']) },
  ];
  if (process.env.NODE_EXTRA_CA_CERTS && process.env.BENCH_KEEP_EXTRA_CA !== '1')
    list.push({
      label: 'node -e 0, NODE_EXTRA_CA_CERTS',
      run: async () =>
        wallMs(process.execPath, ['-e', '0'], {
          NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
        }),
    });
  for (const b of builds) {
    const nodeArgs = b.flags ? ['--single-threaded-gc', ...b.flags] : [];
    list.push({
      label: `${b.name} --version`,
      run: async () =>
        b.flags
          ? wallMs(process.execPath, [...nodeArgs, b.bin, '--version'], b.env)
          : wallMs(b.bin, ['--version'], b.env),
    });
    list.push({
      label: `${b.name} up`,
      run: () => coldStart('tunnelkeeper', sshd, rrPort, { bin: b.bin, nodeArgs, env: b.env }),
    });
  }
  list.push({ label: 'ssh -N -L', run: () => coldStart('ssh', sshd, rrPort) });
  list.push({ label: 'plink -N -L', run: () => coldStart('plink', sshd, rrPort) });
  return list;
}

async function main(): Promise<void> {
  if (process.env.BENCH_BUILD !== '0')
    execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], {
      stdio: 'inherit',
    });
  requireProgram('ssh');
  requireProgram('plink');
  const sshd = await startSshd();
  const rr = await requestResponse();
  try {
    const list = tasks(sshd, rr.port);
    const times = new Map<string, number[]>(list.map((t) => [t.label, []]));
    // One untimed pass: the page cache, sshd's first fork and the ppk conversion are not cold-start costs.
    for (const t of list) await t.run();
    for (let round = 0; round < ROUNDS; round++) {
      const order = list.map((_, i) => list[(i + round) % list.length]!);
      for (const t of order) times.get(t.label)!.push(await t.run());
      process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
    }
    const f = (v: number) => v.toFixed(0);
    console.log(
      `\ncold start: ${ROUNDS} rounds, rotated, after one untimed pass; ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; ms, median [p25–p75]`,
    );
    for (const [label, v] of times)
      console.log(
        `  ${label.padEnd(28)} ${f(median(v)).padStart(5)} [${f(percentile(v, 25))}–${f(percentile(v, 75))}]`,
      );
    const m = (label: string) => median(times.get(label)!);
    console.log('');
    for (const b of builds)
      console.log(
        `  ${b.name} up / plink: ${(m(`${b.name} up`) / m('plink -N -L')).toFixed(2)}× (target ≤ 1.2×), / ssh: ${(m(`${b.name} up`) / m('ssh -N -L')).toFixed(2)}×; --version over bare node: ${f(m(`${b.name} --version`) - m('node -e 0'))} ms`,
      );
  } finally {
    rr.close();
    for (const child of spawned)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sshd.stop();
  }
}

runBench(main);
