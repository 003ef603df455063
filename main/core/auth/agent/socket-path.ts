/**
 * Where our served agent listens. Our own name, always: never `openssh-ssh-agent` (Windows'
 * OpenSSH agent service) nor Pageant's pipe, so running Tunnelkeeper never hijacks another agent.
 */
import { lstat, mkdir, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const PIPE_PREFIX = '\\\\.\\pipe\\';

export function isWindowsPipe(p: string): boolean {
  return /^[/\\][/\\]\.[/\\]pipe[/\\]/i.test(p);
}

export function defaultServeSocket(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const user = safeUser();
  if (platform === 'win32') return `${PIPE_PREFIX}tunnelkeeper-agent.${user}`;
  const base = env.XDG_RUNTIME_DIR || os.tmpdir();
  return path.join(base, `tunnelkeeper-agent-${process.getuid?.() ?? user}`, 'agent.sock');
}

function safeUser(): string {
  try {
    return os.userInfo().username.replace(/[^\w.-]/g, '_');
  } catch {
    return 'user';
  }
}

/** Refuses names that belong to other agents. */
export function checkServeName(socket: string): void {
  const name = socket.replace(/^.*[/\\]/, '').toLowerCase();
  if (isWindowsPipe(socket) && (name === 'openssh-ssh-agent' || name.startsWith('pageant.')))
    throw new Error(`${socket} belongs to another agent; choose our own name`);
}

/**
 * Makes sure the socket's folder is private (0700, ours, not a symlink): the socket itself
 * becomes 0600 right after listen(), and the folder closes the window in between. A folder we
 * create gets 0700; an existing one is never chmod-ed (it could be /tmp) — it must already be
 * private, or we refuse.
 */
export async function prepareSocketDir(socket: string): Promise<void> {
  if (isWindowsPipe(socket)) return;
  const dir = path.dirname(socket);
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    await mkdir(dir, { mode: 0o700 });
    await chmod(dir, 0o700); // the umask may have narrowed it; never widened
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const st = await lstat(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new Error(`${dir} belongs to another user`);
  if ((st.mode & 0o077) !== 0)
    throw new Error(
      `${dir} is open to other users: put the agent socket in a private (0700) folder`,
    );
}
