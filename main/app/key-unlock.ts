import path from 'node:path';
import { needsUser } from '../../contract/tunnel-state';
import type { Profile } from '../core/config/profile';
import type { ShownNotification } from './notifications';
import type { ShellStrings } from './strings';
import type { TunnelService, UnlockAtStartResult } from './ports';

const log = (what: string) => (error: unknown) => console.error(`${what}:`, error);

const same = (a: string, b: string) => path.resolve(a) === path.resolve(b);

/** The profile, or one of its jump hosts, signs with `keyFile`. */
export function usesKeyFile(profile: Profile, keyFile: string): boolean {
  return [profile, ...(profile.jumps ?? [])].some(
    ({ auth }) => auth.keyFile !== undefined && same(auth.keyFile, keyFile),
  );
}

/**
 * Unlocks the keys of profiles marked `auth.unlockAtStart` (from their passphrase files) and
 * shows one notification per key left locked; its click opens the window on the Keys view.
 * Never rejects: a key that stays locked only fails its tunnels with `key-locked`.
 */
export async function unlockKeysAtStart(deps: {
  tunnels: Pick<TunnelService, 'unlockAtStart'>;
  show(notification: ShownNotification): void;
  strings(): ShellStrings;
  openKeys(keyFile: string): void;
}): Promise<UnlockAtStartResult[]> {
  let results: UnlockAtStartResult[];
  try {
    results = await deps.tunnels.unlockAtStart();
  } catch (error) {
    log('unlock at start')(error);
    return [];
  }
  const shown = new Set<string>();
  for (const result of results) {
    if (result.ok || shown.has(result.keyFile)) continue;
    shown.add(result.keyFile);
    const s = deps.strings();
    deps.show({
      title: s.keyLockedTitle(path.basename(result.keyFile)),
      body: s.keyLockedBody,
      onClick: () => deps.openKeys(result.keyFile),
    });
  }
  return results;
}

/**
 * After `keyFile` was unlocked: restarts the tunnels that failed with `key-locked` and whose
 * profile (or a jump host) uses that key, so unlocking once is enough. Returns their ids.
 */
export async function restartKeyLockedTunnels(
  tunnels: Pick<TunnelService, 'list' | 'start' | 'stop'>,
  profiles: readonly Profile[],
  keyFile: string,
): Promise<string[]> {
  const ids = tunnels
    .list()
    .filter((t) => needsUser(t.state) && t.cause === 'key-locked')
    .map((t) => t.id)
    .filter((id) => profiles.some((p) => p.id === id && usesKeyFile(p, keyFile)));
  await Promise.all(
    ids.map(async (id) => {
      try {
        await tunnels.stop(id);
        await tunnels.start(id);
      } catch (error) {
        log(`restart ${id}`)(error);
      }
    }),
  );
  return ids;
}
