import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeText } from './text';
import { ImportError } from './types';

/**
 * Windows only: exports the current user's PuTTY sessions with `reg export` into a temporary
 * file (UTF-16LE, as regedit writes it) and returns its text. The registry is only read.
 */
export const PUTTY_SESSIONS_KEY = 'HKCU\\Software\\SimonTatham\\PuTTY\\Sessions';

/** PuTTY's host-key cache: what the admin accepted in PuTTY's "security alert". */
export const PUTTY_HOST_KEYS_KEY = 'HKCU\\Software\\SimonTatham\\PuTTY\\SshHostKeys';

export async function readLivePuttyRegistry(key: string = PUTTY_SESSIONS_KEY): Promise<string> {
  if (process.platform !== 'win32')
    throw new ImportError(
      'reading the live registry works on Windows only; give a .reg file',
      'no-input',
    );
  const tmp = path.join(os.tmpdir(), `tunnelkeeper-putty-${randomBytes(6).toString('hex')}.reg`);
  try {
    await new Promise<void>((resolve, reject) => {
      execFile('reg', ['export', key, tmp, '/y'], { windowsHide: true }, (error, _out, stderr) =>
        error ? reject(new Error(String(stderr).trim() || error.message)) : resolve(),
      );
    });
    return decodeText(await fs.readFile(tmp));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      `cannot read PuTTY's settings from the registry (${key}): ${(error as Error).message}`,
      'registry-unreadable',
    );
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
