import { randomBytes } from 'node:crypto';
import { chmod, link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Thrown when the target exists and overwriting was not asked for. */
export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists (use --force to overwrite)`);
    this.name = 'FileExistsError';
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a key file all-or-nothing: the bytes go to a 0600 temporary file beside the target,
 * which then takes the target's name. Without `force` the final step is a hard link, which
 * fails if the name appeared meanwhile, so an existing file is never clobbered by a race.
 */
export async function writeKeyFile(
  target: string,
  content: string,
  force: boolean,
  mode = 0o600,
): Promise<void> {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, mode); // the umask may have narrowed open()'s mode
    if (force) {
      await rename(temp, target);
    } else {
      try {
        await link(temp, target);
        await unlink(temp);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(target);
        // Some file systems (FAT, some network shares) have no hard links: fall back to a
        // check-then-rename, which only loses the protection against a concurrent writer.
        if (await exists(target)) throw new FileExistsError(target);
        await rename(temp, target);
      }
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** First line of a passphrase file (cli.md): a trailing CR/LF and a UTF-8 BOM are not part of it. */
export async function readPassphraseFile(file: string): Promise<string> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  return text.split(/\r?\n|\r/, 1)[0] ?? '';
}
