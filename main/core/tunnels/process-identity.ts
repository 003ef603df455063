import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Who a pid is, beyond the number: pids are reused, and after a reboot on Windows the pid in a
 * lock file left by the last session very likely belongs to some other program. A lock that only
 * checked "is the pid alive" would then refuse to start the tunnel after every such reboot.
 *
 * Linux: `linux:<boot id>:<start time in clock ticks>` from /proc, exact.
 * Elsewhere: `start:<epoch ms>` of the process start, compared with a tolerance, read with `ps`
 * (macOS) or PowerShell (Windows) only when a lock is contested.
 */
const TOLERANCE_MS = 2000;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function procStat(pid: number | 'self'): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function linuxIdentity(pid: number | 'self'): string | undefined {
  const fields = procStat(pid);
  // starttime is field 22 of stat; fields[0] is field 3 (state).
  const start = fields?.[19];
  if (!start) return undefined;
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return `linux:${boot}:${start}`;
  } catch {
    return undefined;
  }
}

/** [[dd-]hh:]mm:ss as printed by `ps -o etime=`. */
export function parseElapsed(text: string): number | undefined {
  const m = /^\s*(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const [, d = '0', h = '0', min, s] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60 + Number(s);
}

/** Epoch ms at which `pid` started, or undefined when this platform cannot tell. */
export function processStartMs(pid: number): number | undefined {
  try {
    if (process.platform === 'linux') {
      const ticks = Number(procStat(pid)?.[19]);
      const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
      // USER_HZ is 100 on every Linux Node runs on.
      return btime && Number.isFinite(ticks) ? Number(btime) * 1000 + ticks * 10 : undefined;
    }
    if (process.platform === 'win32') {
      const out = execFileSync(
        'powershell.exe',
        [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          `(Get-Process -Id ${pid}).StartTime.ToUniversalTime().ToString('o')`,
        ],
        { encoding: 'utf8', timeout: 10_000, windowsHide: true },
      );
      const ms = Date.parse(out.trim());
      return Number.isNaN(ms) ? undefined : ms;
    }
    const out = execFileSync('ps', ['-o', 'etime=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 5000,
    });
    const secs = parseElapsed(out);
    return secs === undefined ? undefined : Date.now() - secs * 1000;
  } catch {
    return undefined;
  }
}

/** This process's identity, written into the lock it takes. */
export function ownIdentity(): string {
  if (process.platform === 'linux') {
    const id = linuxIdentity('self');
    if (id) return id;
  }
  return `start:${Math.round(Date.now() - process.uptime() * 1000)}`;
}

/**
 * Whether the live process `pid` is the one that recorded `identity`: true, false, or undefined
 * when it cannot be told (then the caller keeps the safe side and treats the lock as held).
 */
export function isSameProcess(identity: string, pid: number): boolean | undefined {
  if (identity.startsWith('linux:')) {
    if (process.platform !== 'linux') return undefined;
    const now = linuxIdentity(pid);
    return now === undefined ? undefined : now === identity;
  }
  const recorded = Number(/^start:(\d+)$/.exec(identity)?.[1]);
  if (!Number.isFinite(recorded)) return undefined;
  const start = processStartMs(pid);
  return start === undefined ? undefined : Math.abs(start - recorded) <= TOLERANCE_MS;
}
