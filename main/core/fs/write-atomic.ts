/**
 * The one way Tunnelkeeper replaces a file: config, trust store, pins, secrets and key files.
 * A crash, a full disk or a refused write leaves either the old content or the new, never a torn
 * file and never a stray temporary file:
 * temp file beside the target (0600 or the chosen mode) → write → fsync → rename over the target
 * (or hard-link, when overwriting is refused) → fsync the folder so the rename itself is durable.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Thrown when the target exists and overwriting was not asked for; the target is untouched. */
export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists (use --force to overwrite)`);
    this.name = 'FileExistsError';
  }
}

export interface WriteAtomicOptions {
  /**
   * Permission bits of the written file. Default: an existing target keeps its own bits; a new
   * file is 0600 (user-only). Not applied on Windows, where the folder's ACL decides.
   */
  mode?: number;
  /** Create the parent folder (recursive, 0700) first. */
  mkdir?: boolean;
  /**
   * false: never replace an existing file — FileExistsError, checked atomically (a hard link
   * fails if the name appeared meanwhile). Default true.
   */
  overwrite?: boolean;
}

export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: WriteAtomicOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  const overwrite = options.overwrite ?? true;
  if (options.mkdir) await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // Fails fast, before any byte is written; placeLink() below re-checks atomically.
  if (!overwrite && (await present(file))) throw new FileExistsError(file);
  const mode = options.mode ?? (await modeOf(file)) ?? 0o600;
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed open()'s mode, and an existing temp name is impossible ('wx').
    if (process.platform !== 'win32') await fs.chmod(temp, mode);
    if (overwrite) await retryWhileBusy(() => fs.rename(temp, file));
    else await placeLink(temp, file);
  } catch (error) {
    await retryWhileBusy(() => fs.rm(temp, { force: true })).catch(() => undefined);
    throw error;
  }
  await syncDir(dir);
}

/** Gives `temp` the name `file` only if that name is free; `temp` is gone afterwards. */
async function placeLink(temp: string, file: string): Promise<void> {
  try {
    await fs.link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(file);
    // Some file systems (FAT, some network shares) have no hard links: fall back to a
    // check-then-rename, which only loses the protection against a concurrent writer.
    if (await present(file)) throw new FileExistsError(file);
    await retryWhileBusy(() => fs.rename(temp, file));
    return;
  }
  await retryWhileBusy(() => fs.rm(temp, { force: true })).catch(() => undefined);
}

const BUSY = new Set(['EPERM', 'EACCES', 'EBUSY']);
const BUSY_DELAYS_MS = [10, 20, 40, 80, 160, 320, 400];

/**
 * On Windows an antivirus or indexer briefly holds a file it just saw written, and rename/unlink
 * fail with EPERM/EACCES/EBUSY meanwhile; like graceful-fs, try again — for about a second at
 * most, not graceful-fs's minute. Elsewhere those codes are real refusals, returned at once.
 */
export async function retryWhileBusy<T>(
  op: () => Promise<T>,
  platform: NodeJS.Platform = process.platform,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const delay = BUSY_DELAYS_MS[attempt];
      if (platform !== 'win32' || !BUSY.has(code) || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function present(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

/** The permission bits of an existing regular file (POSIX only). */
async function modeOf(file: string): Promise<number | undefined> {
  if (process.platform === 'win32') return undefined;
  try {
    const st = await fs.stat(file);
    return st.isFile() ? st.mode & 0o777 : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the rename durable; a folder cannot be opened for fsync on Windows. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close().catch(() => undefined);
}
