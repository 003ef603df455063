import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultDataDir } from '../logging/paths';

/**
 * Where the engine of this user listens, and the files beside it. The folder is the user's
 * data dir, not the session's runtime dir: a boot-started engine (systemd `User=`, a Task
 * Scheduler task) has no XDG_RUNTIME_DIR of the login session, but the same home folder, so
 * the app a user opens later finds the engine the boot started.
 *
 * Unix: a socket in a 0700 folder — another account cannot even connect. Windows: a named pipe
 * (Node cannot set a pipe's DACL), so the token file beside it carries the access control.
 */
export interface EngineEndpoint {
  dir: string;
  /** The socket path, or the pipe name on Windows. */
  address: string;
  /** The shared secret of the challenge (0600 / user-only ACL). */
  tokenFile: string;
  /** What a second engine or `engine status` shows of the running one. */
  infoFile: string;
}

const PIPE_PREFIX = '\\\\.\\pipe\\';

export function engineEndpoint(
  dataDir = defaultDataDir(),
  platform: NodeJS.Platform = process.platform,
): EngineEndpoint {
  const dir = path.join(dataDir, 'engine');
  const user = os.userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_');
  return {
    dir,
    address: platform === 'win32' ? `${PIPE_PREFIX}tunnelkeeper-engine-${user}` : shortSocket(dir),
    tokenFile: path.join(dir, 'token'),
    infoFile: path.join(dir, 'engine.json'),
  };
}

/** The folder, user-only. */
export function ensureEngineDir(endpoint: EngineEndpoint): void {
  mkdirSync(endpoint.dir, { recursive: true, mode: 0o700 });
  if (!endpoint.address.startsWith(PIPE_PREFIX))
    mkdirSync(path.dirname(endpoint.address), { recursive: true, mode: 0o700 });
}

/**
 * Unix socket paths are limited to ~104–108 bytes: a deep home folder would make the bind fail.
 * Then the socket goes to a user-only folder under the temp dir, named after the data dir.
 */
function shortSocket(dir: string): string {
  const full = path.join(dir, 'engine.sock');
  if (Buffer.byteLength(full) <= 100) return full;
  const uid = process.getuid?.() ?? 0;
  const tag = Buffer.from(dir).toString('base64url').slice(-16);
  return path.join(os.tmpdir(), `tunnelkeeper-${uid}`, `${tag}.sock`);
}
