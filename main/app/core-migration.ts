import type {
  ImportPreview,
  MigrationRunnerView,
  PageantKeyView,
  PresentedHostKey,
} from '../../contract';
import { sha256Fingerprint } from '../core/auth/fingerprint';
import { parsePuttyReg } from '../core/auth/trust/putty-reg';
import type { Profile } from '../core/config/profile';
import { PUTTY_HOST_KEYS_KEY, readLivePuttyRegistry } from '../core/imports/live-registry';
import {
  disableRunner,
  scanForMigration,
  windowsMigrationSeam,
  type MigrationRunner,
  type MigrationSeam,
} from '../core/migration/index';
import { coreImports } from './core-imports';
import { CodedError } from './errors';

/** PuTTY's settings in the registry, as `reg export` writes them (Windows only: a seam). */
export interface PuttyRegistry {
  sessions(): Promise<string>;
  hostKeys(): Promise<string>;
}

export const windowsPuttyRegistry: PuttyRegistry = {
  sessions: () => readLivePuttyRegistry(),
  hostKeys: () => readLivePuttyRegistry(PUTTY_HOST_KEYS_KEY),
};

/** What the window asks when PuTTY was here before (issue 20: migrate, never two tunnels). */
export interface MigrationService {
  /** Tasks and Startup items that run this profile's tunnel (or another to the same server). */
  runnersFor(profileId: string): Promise<MigrationRunnerView[]>;
  /** Disables one of them (never deletes); answers how to undo it. */
  disable(location: string): Promise<{ undo: string }>;
  /** PuTTY's saved sessions on this computer, as profiles to choose from (nothing saved). */
  puttySessions(takenIds: readonly string[]): Promise<ImportPreview>;
  /** The host key PuTTY accepted for this profile's server, if it ever did. */
  puttyHostKey(profileId: string): Promise<PresentedHostKey>;
  /** The key files Pageant loads at startup (from its shortcut or task). */
  pageantKeys(): Promise<PageantKeyView[]>;
}

function view(runner: MigrationRunner, profileId: string): MigrationRunnerView {
  const match = runner.matches.find((m) => m.profileId === profileId);
  return {
    kind: runner.kind,
    name: runner.name,
    location: runner.location,
    command: runner.command,
    enabled: runner.enabled,
    runsWhenLoggedOff: runner.task?.runsWhenLoggedOff ?? false,
    sameForwards: match?.forwards.map((f) => f.spec) ?? [],
  };
}

const onWindows = process.platform === 'win32';

/**
 * The scan over the machine's Task Scheduler and Startup folders, and PuTTY's registry (Windows
 * only: elsewhere there is nothing of PuTTY's to take over, and the answers are empty). The
 * renderer can only name a runner a scan found — a location it makes up is `not-found` — so no
 * page can disable an arbitrary task.
 */
export function coreMigration(
  readProfiles: () => Profile[],
  seam: MigrationSeam | null = onWindows ? windowsMigrationSeam() : null,
  registry: PuttyRegistry | null = onWindows ? windowsPuttyRegistry : null,
): MigrationService {
  const scan = async () => (seam ? scanForMigration({ seam, profiles: readProfiles() }) : null);
  return {
    async runnersFor(profileId) {
      return ((await scan())?.runners ?? [])
        .filter(
          (r) =>
            r.matches.some((m) => m.profileId === profileId) || r.sameServer.includes(profileId),
        )
        .map((r) => view(r, profileId));
    },
    async disable(location) {
      const runner = (await scan())?.runners.find((r) => r.location === location);
      if (!seam || !runner) throw new CodedError('not-found');
      return { undo: (await disableRunner(runner, seam)).undo };
    },
    async puttySessions(takenIds) {
      if (!registry) throw new CodedError('unsupported');
      return coreImports.preview('putty-reg', await registry.sessions(), takenIds);
    },
    async puttyHostKey(profileId) {
      const profile = readProfiles().find((p) => p.id === profileId);
      if (!profile) throw new CodedError('not-found');
      if (!registry) return null;
      let text: string;
      try {
        text = await registry.hostKeys();
      } catch {
        return null; // PuTTY never cached a key here (the registry key does not exist)
      }
      const host = profile.host.toLowerCase();
      const key = parsePuttyReg(text).keys.find(
        (k) => k.host.toLowerCase() === host && k.port === profile.port,
      );
      return key ? { keyType: key.keyType, fingerprint: sha256Fingerprint(key.blob) } : null;
    },
    async pageantKeys() {
      const found = (await scan())?.pageantKeys ?? [];
      const seen = new Set<string>();
      return found
        .filter(
          (k) => k.enabled && !seen.has(k.path.toLowerCase()) && seen.add(k.path.toLowerCase()),
        )
        .map((k) => ({ path: k.path, from: k.from }));
    },
  };
}
