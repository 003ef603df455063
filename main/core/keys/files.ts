import { readFile, stat } from 'node:fs/promises';
import { FileExistsError, writeFileAtomic } from '../fs/write-atomic';

export { FileExistsError };

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * The key-file policy over the shared atomic writer: always the given mode (0600 unless told,
 * even over an existing file), and an existing file is replaced only with `force` — otherwise
 * FileExistsError, checked atomically, with the existing file left as it was.
 */
export async function writeKeyFile(
  target: string,
  content: string,
  force: boolean,
  mode = 0o600,
): Promise<void> {
  await writeFileAtomic(target, content, { mode, overwrite: force });
}

/** First line of a passphrase file (cli.md): a trailing CR/LF and a UTF-8 BOM are not part of it. */
export async function readPassphraseFile(file: string): Promise<string> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  return text.split(/\r?\n|\r/, 1)[0] ?? '';
}
