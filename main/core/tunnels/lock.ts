import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSameProcess, ownIdentity } from './process-identity';

/**
 * Exactly one live session per profile, also across processes: a lock file per profile holding
 * the owner's pid and who that pid was (process-identity.ts). A lock whose owner is gone (crash,
 * kill -9, reboot), or whose pid now belongs to another process, is stale and taken over.
 * A provider's license proxy breaks on a second tunnel, so refusing is the safe side.
 */
export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  profile: string;
  /** Absent in locks written before it existed: those are judged by the pid alone. */
  identity?: string;
}

export class LockHeldError extends Error {
  constructor(
    readonly owner: LockOwner,
    readonly file: string,
  ) {
    super(
      `profile "${owner.profile}" is already running in another Tunnelkeeper process (pid ${owner.pid}, since ${owner.startedAt}); stop it first — two tunnels to the same server must never run at once`,
    );
    this.name = 'LockHeldError';
  }
}

export function defaultRuntimeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TUNNELKEEPER_RUNTIME_DIR) return env.TUNNELKEEPER_RUNTIME_DIR;
  const user = os.userInfo().username.replace(/[^A-Za-z0-9._-]/g, '_');
  const base =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? os.tmpdir())
      : (env.XDG_RUNTIME_DIR ?? os.tmpdir());
  return path.join(base, `tunnelkeeper-${user}`);
}

/** The lock names the profile and the server, so two configs reusing an id do not collide. */
export function lockFileFor(
  dir: string,
  profile: { id: string; host: string; port: number; user: string },
): string {
  const hash = createHash('sha256')
    .update(`${profile.id}\0${profile.user}@${profile.host}:${profile.port}`)
    .digest('hex')
    .slice(0, 12);
  const safe = profile.id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  return path.join(dir, 'locks', `${safe}-${hash}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded owner is still running: its pid is alive and still the same process. */
function ownerAlive(owner: LockOwner): boolean {
  if (!alive(owner.pid)) return false;
  if (!owner.identity) return true;
  return isSameProcess(owner.identity, owner.pid) !== false;
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    return typeof value.pid === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The live process holding the lock in `file`, if any (our own process counts as live). */
export function liveLockOwner(file: string): LockOwner | undefined {
  const owner = readOwner(file);
  return owner && (owner.pid === process.pid || ownerAlive(owner)) ? owner : undefined;
}

export class ProfileLock {
  private released = false;
  private constructor(readonly file: string) {}

  /** Takes the lock or throws LockHeldError naming the live owner. */
  static acquire(file: string, profileId: string): ProfileLock {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const me: LockOwner = {
      pid: process.pid,
      host: os.hostname(),
      startedAt: new Date().toISOString(),
      profile: profileId,
      identity: ownIdentity(),
    };
    for (let tries = 0; tries < 3; tries++) {
      let fd: number;
      try {
        fd = openSync(file, 'wx', 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(file);
        if (owner && owner.pid !== process.pid && ownerAlive(owner))
          throw new LockHeldError(owner, file);
        if (owner?.pid === process.pid) throw new LockHeldError(owner, file);
        // Stale (owner gone, or its pid reused) or unreadable (a crash mid-write): take it over.
        try {
          unlinkSync(file);
        } catch {
          // someone else removed it first; try again
        }
        continue;
      }
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      const lock = new ProfileLock(file);
      locks.add(lock);
      return lock;
    }
    throw new Error(`could not take the lock ${file}`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    locks.delete(this);
    if (readOwner(this.file)?.pid === process.pid) {
      try {
        unlinkSync(this.file);
      } catch {
        // already gone
      }
    }
  }
}

/** Locks still held when the process exits are released synchronously. */
const locks = new Set<ProfileLock>();
process.once('exit', () => {
  for (const lock of [...locks]) lock.release();
});
