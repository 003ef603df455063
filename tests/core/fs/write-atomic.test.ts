/** The one atomic writer (config, trust store, pins, secrets, key files). */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileExistsError,
  retryWhileBusy,
  writeFileAtomic,
} from '../../../main/core/fs/write-atomic';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tk-atomic-'));
const posix = process.platform !== 'win32';
const modeOf = (file: string) => statSync(file).mode & 0o777;

function busy(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

describe('writeFileAtomic', () => {
  it('writes a new file user-only (0600) and leaves nothing else behind', async () => {
    const dir = tmp();
    const file = path.join(dir, 'new.json');
    await writeFileAtomic(file, 'hello');
    expect(readFileSync(file, 'utf8')).toBe('hello');
    expect(readdirSync(dir)).toEqual(['new.json']);
    if (posix) expect(modeOf(file)).toBe(0o600);
  });

  it.runIf(posix)('an existing file keeps its mode; a given mode wins', async () => {
    const dir = tmp();
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, 'old');
    chmodSync(file, 0o644);
    await writeFileAtomic(file, 'new');
    expect([readFileSync(file, 'utf8'), modeOf(file)]).toEqual(['new', 0o644]);
    await writeFileAtomic(file, 'newer', { mode: 0o600 });
    expect([readFileSync(file, 'utf8'), modeOf(file)]).toEqual(['newer', 0o600]);
    // A given mode is not narrowed by the umask.
    await writeFileAtomic(path.join(dir, 'key.pub'), 'pub', { mode: 0o644 });
    expect(modeOf(path.join(dir, 'key.pub'))).toBe(0o644);
  });

  it('creates the parent folder (0700) only when asked', async () => {
    const dir = tmp();
    const file = path.join(dir, 'a', 'b', 'pins.json');
    await expect(writeFileAtomic(file, '{}')).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFileAtomic(file, '{}', { mkdir: true });
    expect(readFileSync(file, 'utf8')).toBe('{}');
    if (posix) expect(modeOf(path.join(dir, 'a', 'b'))).toBe(0o700);
  });

  it('a write that cannot complete leaves the old file and no temp file', async () => {
    const dir = tmp();
    const target = path.join(dir, 'taken');
    mkdirSync(target); // rename over a directory fails
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('overwrite: false refuses an existing file and leaves it intact, with no temp file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'id_ed25519');
    writeFileSync(file, 'precious');
    if (posix) chmodSync(file, 0o600);
    const before = statSync(file);
    const refused = writeFileAtomic(file, 'clobber', { overwrite: false });
    await expect(refused).rejects.toBeInstanceOf(FileExistsError);
    await expect(refused).rejects.toThrow(/already exists \(use --force to overwrite\)/);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(readdirSync(dir)).toEqual(['id_ed25519']);
    // A free name is written normally, and then refused the next time.
    const fresh = path.join(dir, 'id_new');
    await writeFileAtomic(fresh, 'first', { overwrite: false });
    await expect(writeFileAtomic(fresh, 'second', { overwrite: false })).rejects.toBeInstanceOf(
      FileExistsError,
    );
    expect(readFileSync(fresh, 'utf8')).toBe('first');
    expect(readdirSync(dir).sort()).toEqual(['id_ed25519', 'id_new']);
  });

  it('concurrent no-overwrite writers: exactly one wins, the file is whole', async () => {
    const dir = tmp();
    const file = path.join(dir, 'race');
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        writeFileAtomic(file, `writer ${i} `.repeat(1000), { overwrite: false }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(FileExistsError);
    expect(readFileSync(file, 'utf8')).toMatch(/^(writer \d )+$/);
    expect(readdirSync(dir)).toEqual(['race']);
  });
});

describe('retryWhileBusy', () => {
  it('on Windows, tries again while a scanner holds the file (EPERM/EACCES/EBUSY)', async () => {
    let calls = 0;
    const result = await retryWhileBusy(async () => {
      calls++;
      if (calls < 3) throw busy(calls === 1 ? 'EPERM' : 'EBUSY');
      return 'renamed';
    }, 'win32');
    expect([result, calls]).toEqual(['renamed', 3]);
  });

  it('gives up after about a second, and never retries other errors or other systems', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(
      retryWhileBusy(async () => {
        calls++;
        throw busy('EACCES');
      }, 'win32'),
    ).rejects.toMatchObject({ code: 'EACCES' });
    expect(calls).toBe(8);
    expect(Date.now() - started).toBeLessThan(3_000);

    for (const [code, platform] of [
      ['ENOENT', 'win32'],
      ['EPERM', 'linux'],
    ] as const) {
      calls = 0;
      await expect(
        retryWhileBusy(async () => {
          calls++;
          throw busy(code);
        }, platform),
      ).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
    }
  });
});
