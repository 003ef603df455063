import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time used so far, in milliseconds, from /proc/<pid>/task/<tid>/schedstat (nanoseconds,
 * every thread). /proc/<pid>/stat counts 10 ms ticks, too coarse for a transfer that takes a
 * fraction of a second.
 */
export function processCpuMs(pid: number | string): number {
  let ns = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const line = readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8');
      ns += Number(line.split(' ')[0]);
    }
  } catch {
    // The process (or one of its threads) ended between the listing and the read.
  }
  return ns / 1e6;
}

/** CPU time of every process whose command name is `comm` (e.g. all sshd session processes). */
export function commandCpuMs(comm: string): number {
  let ms = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) ms += processCpuMs(pid);
    } catch {
      // Gone already.
    }
  }
  return ms;
}

/** This process's own CPU time (the benchmark's source, sink and clients). */
export function selfCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
