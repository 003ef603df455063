import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LockHeldError,
  liveLockOwner,
  lockFileFor,
  ProfileLock,
} from '../../../main/core/tunnels/lock';
import {
  isSameProcess,
  parseElapsed,
  processStartMs,
} from '../../../main/core/tunnels/process-identity';

const profile = { id: 'lic', host: 'proxy', port: 22, user: 'u' };

describe('profile lock (one live session per profile, across processes)', () => {
  it('refuses a second holder, naming the owner, and frees on release', () => {
    const file = lockFileFor(mkdtempSync(path.join(os.tmpdir(), 'tk-lock-')), profile);
    const lock = ProfileLock.acquire(file, 'lic');
    expect(() => ProfileLock.acquire(file, 'lic')).toThrow(LockHeldError);
    lock.release();
    expect(existsSync(file)).toBe(false);
    ProfileLock.acquire(file, 'lic').release();
  });

  it('a live other process holds it; a dead one is stale and taken over', () => {
    const file = lockFileFor(mkdtempSync(path.join(os.tmpdir(), 'tk-lock-')), profile);
    mkdirSync(path.dirname(file), { recursive: true });
    const owner = (pid: number) =>
      writeFileSync(file, JSON.stringify({ pid, host: 'h', startedAt: 'then', profile: 'lic' }));
    owner(process.ppid); // alive
    expect(() => ProfileLock.acquire(file, 'lic')).toThrow(/already running .*pid/);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    owner(dead);
    ProfileLock.acquire(file, 'lic').release();
    writeFileSync(file, '{"pid":'); // torn write of a crashed process
    ProfileLock.acquire(file, 'lic').release();
  });

  it('same id on another server is another lock', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-lock-'));
    expect(lockFileFor(dir, profile)).not.toBe(lockFileFor(dir, { ...profile, host: 'other' }));
  });

  it('a pid that now belongs to another process (reboot, reuse) is stale; the real owner is not', async () => {
    const file = lockFileFor(mkdtempSync(path.join(os.tmpdir(), 'tk-lock-')), profile);
    mkdirSync(path.dirname(file), { recursive: true });
    // A live process that is not the owner the lock file names.
    const other = spawn('sleep', ['30']);
    try {
      await new Promise((r) => other.once('spawn', r));
      const pid = other.pid!;
      const write = (identity: string) =>
        writeFileSync(
          file,
          JSON.stringify({ pid, host: 'h', startedAt: 'then', profile: 'lic', identity }),
        );
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

      write(`linux:${boot}:${start}`); // the owner itself: held
      expect(() => ProfileLock.acquire(file, 'lic')).toThrow(LockHeldError);
      expect(liveLockOwner(file)?.pid).toBe(pid);

      write(`linux:${boot}:${Number(start) - 500}`); // same pid, started 5 s earlier: reused
      expect(liveLockOwner(file)).toBeUndefined();
      ProfileLock.acquire(file, 'lic').release();

      write(`linux:00000000-0000-0000-0000-000000000000:${start}`); // left from another boot
      ProfileLock.acquire(file, 'lic').release();

      // The form written on Windows and macOS: the start time in ms, compared with a tolerance.
      const started = processStartMs(pid)!;
      expect(Math.abs(started - Date.now())).toBeLessThan(10_000);
      write(`start:${started}`);
      expect(() => ProfileLock.acquire(file, 'lic')).toThrow(LockHeldError);
      write(`start:${started - 3_600_000}`);
      ProfileLock.acquire(file, 'lic').release();

      // A lock from before identities existed is judged by the pid alone (the safe side).
      writeFileSync(file, JSON.stringify({ pid, host: 'h', startedAt: 'then', profile: 'lic' }));
      expect(() => ProfileLock.acquire(file, 'lic')).toThrow(LockHeldError);
    } finally {
      other.kill();
    }
  });

  it('writes its own identity, which names this very process', () => {
    const file = lockFileFor(mkdtempSync(path.join(os.tmpdir(), 'tk-lock-')), profile);
    const lock = ProfileLock.acquire(file, 'lic');
    const owner = JSON.parse(readFileSync(file, 'utf8')) as { identity: string };
    expect(owner.identity).toMatch(/^linux:[0-9a-f-]{36}:\d+$/);
    expect(isSameProcess(owner.identity, process.pid)).toBe(true);
    expect(isSameProcess(owner.identity, process.ppid)).toBe(false);
    lock.release();
  });

  it('reads the elapsed time ps prints on macOS', () => {
    expect(parseElapsed('   01:02\n')).toBe(62);
    expect(parseElapsed('03:01:02')).toBe(3 * 3600 + 62);
    expect(parseElapsed('2-03:01:02')).toBe(2 * 86400 + 3 * 3600 + 62);
    expect(parseElapsed('garbage')).toBeUndefined();
  });
});
