import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../fs/write-atomic';
import type { EngineEndpoint } from './endpoint';

/**
 * The engine's token: a fresh random secret at every engine start, in a file only this user
 * (and administrators) can read. Whoever can read it may drive the engine; nobody else can.
 */
export interface AclSeam {
  /** Restricts a file to SYSTEM, Administrators and the given user (Windows only). */
  restrict(file: string, user: string): Promise<void>;
}

/**
 * Windows: Node cannot set a pipe's DACL and a new file inherits its folder's ACL, so the token
 * file's ACL is set explicitly: inheritance removed, full control for SYSTEM (S-1-5-18),
 * Administrators (S-1-5-32-544) and the user. `icacls /inheritance:r /grant:r` per
 * https://learn.microsoft.com/windows-server/administration/windows-commands/icacls
 */
export const icacls: AclSeam = {
  async restrict(file, user) {
    await promisify(execFile)('icacls', [
      file,
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-18:F',
      '*S-1-5-32-544:F',
      `${user}:F`,
    ]);
  },
};

export async function writeToken(
  endpoint: EngineEndpoint,
  platform: NodeJS.Platform = process.platform,
  acl: AclSeam = icacls,
): Promise<string> {
  const token = randomBytes(32).toString('hex');
  await writeFileAtomic(endpoint.tokenFile, `${token}\n`, { mode: 0o600, mkdir: true });
  if (platform === 'win32') await acl.restrict(endpoint.tokenFile, os.userInfo().username);
  return token;
}

export async function readToken(endpoint: EngineEndpoint): Promise<string> {
  return (await readFile(endpoint.tokenFile, 'utf8')).trim();
}
