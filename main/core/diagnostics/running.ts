import type { Profile } from '../config/profile';
import { defaultRuntimeDir, liveLockOwner, lockFileFor, type LockOwner } from '../tunnels/lock';

/**
 * Whether this profile's tunnel runs right now (the supervisor's per-profile lock, held by a
 * live process): then its ports are busy because of it, and "in use" is no fault.
 */
export function runningOwner(profile: Profile, env: NodeJS.ProcessEnv): LockOwner | undefined {
  return liveLockOwner(lockFileFor(defaultRuntimeDir(env), profile));
}
