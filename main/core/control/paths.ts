import { mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where a running `up` listens for `status`: one endpoint per process, so several `up`s (different
 * profiles) can be asked. Unix: a socket in a 0700 folder of the user's runtime dir.
 * Windows: a named pipe whose name carries the user name and the pid.
 */
const PIPE_PREFIX = '\\\\.\\pipe\\';

function pipeStem(): string {
  return `tunnelkeeper-${os.userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_')}-`;
}

export function controlDir(runtimeDir: string): string {
  return path.join(runtimeDir, 'control');
}

export function controlEndpoint(runtimeDir: string, pid = process.pid): string {
  if (process.platform === 'win32') return `${PIPE_PREFIX}${pipeStem()}${pid}`;
  const dir = controlDir(runtimeDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${pid}.sock`);
}

/** Every endpoint that may belong to a running `up` of this user. */
export function listControlEndpoints(runtimeDir: string): string[] {
  try {
    if (process.platform === 'win32')
      return readdirSync(PIPE_PREFIX)
        .filter((name) => name.startsWith(pipeStem()))
        .map((name) => `${PIPE_PREFIX}${name}`);
    return readdirSync(controlDir(runtimeDir))
      .filter((name) => name.endsWith('.sock'))
      .map((name) => path.join(controlDir(runtimeDir), name));
  } catch {
    return [];
  }
}
