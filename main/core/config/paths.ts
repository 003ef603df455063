import os from 'node:os';
import path from 'node:path';
import type { Profile } from './schema';

/**
 * Makes a profile's file paths absolute: `~` is the user's home (as in ssh -i ~/.ssh/key), and a
 * relative path is read next to the config file, not in whatever folder `up` was started from
 * (a scheduled task starts in System32).
 */
export function resolvePath(file: string, baseDir: string): string {
  if (file === '~') return os.homedir();
  if (file.startsWith('~/') || file.startsWith('~\\'))
    return path.join(os.homedir(), file.slice(2));
  return path.resolve(baseDir, file);
}

type Files = Pick<Profile, 'auth' | 'hostKey'>;

/** The same for anything with auth and host-key settings: the profile and each jump host. */
function resolveFiles<T extends Files>(item: T, baseDir: string): T {
  const auth = { ...item.auth };
  if (auth.keyFile) auth.keyFile = resolvePath(auth.keyFile, baseDir);
  if (auth.passphraseFile) auth.passphraseFile = resolvePath(auth.passphraseFile, baseDir);
  const hostKey = { ...item.hostKey };
  if (hostKey.knownHostsFile) hostKey.knownHostsFile = resolvePath(hostKey.knownHostsFile, baseDir);
  return { ...item, auth, hostKey };
}

export function resolveProfilePaths(profile: Profile, baseDir: string): Profile {
  const resolved = resolveFiles(profile, baseDir);
  if (profile.jumps) resolved.jumps = profile.jumps.map((hop) => resolveFiles(hop, baseDir));
  return resolved;
}
