/**
 * How busy the rest of the machine was during the run: CPU used by processes that are neither
 * this benchmark nor anything it started (nor PostgreSQL, which pg_ctl detaches). On a shared
 * two-CPU machine a compiler run next door moves every number; the table says so.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface Stat {
  ppid: number;
  ticks: number;
  comm: string;
}

function readStats(): Map<number, Stat> {
  const out = new Map<number, Stat>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), comm });
    } catch {
      // gone
    }
  }
  return out;
}

function ours(pid: number, stats: Map<number, Stat>): boolean {
  for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
    if (p === process.pid) return true;
    const s = stats.get(p);
    if (!s) return false;
    if (s.comm === 'postgres') return true;
    p = s.ppid;
  }
  return false;
}

export interface Noise {
  stop(): string;
}

/** Samples every `everyMs`; `stop()` says how much CPU others took and who. */
export function watchNoise(everyMs = 2000): Noise {
  let last = readStats();
  const started = Date.now();
  const foreign = new Map<string, number>();
  const sample = () => {
    const now = readStats();
    for (const [pid, s] of now) {
      if (ours(pid, now)) continue;
      const before = last.get(pid)?.ticks ?? s.ticks;
      const d = s.ticks - before;
      if (d > 0) foreign.set(s.comm, (foreign.get(s.comm) ?? 0) + d * 10);
    }
    last = now;
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      const totalMs = [...foreign.values()].reduce((a, b) => a + b, 0);
      const wall = Date.now() - started;
      const top = [...foreign]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([c, ms]) => `${c} ${(ms / 1000).toFixed(0)} s`)
        .join(', ');
      return `other processes on the machine used ${(totalMs / 1000).toFixed(0)} CPU-s in ${(wall / 1000).toFixed(0)} s (${((totalMs / wall) * 100).toFixed(0)} % of one CPU)${top ? `: ${top}` : ''}`;
    },
  };
}
