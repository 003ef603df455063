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

export function resolveProfilePaths(profile: Profile, baseDir: string): Profile {
  const auth = { ...profile.auth };
  if (auth.keyFile) auth.keyFile = resolvePath(auth.keyFile, baseDir);
  if (auth.passphraseFile) auth.passphraseFile = resolvePath(auth.passphraseFile, baseDir);
  const hostKey = { ...profile.hostKey };
  if (hostKey.knownHostsFile) hostKey.knownHostsFile = resolvePath(hostKey.knownHostsFile, baseDir);
  return { ...profile, auth, hostKey };
}
