import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LockHeldError, lockFileFor, ProfileLock } from '../../../main/core/tunnels/lock';

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
});
