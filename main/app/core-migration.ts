import type { MigrationRunnerView } from '../../contract';
import type { Profile } from '../core/config/profile';
import {
  disableRunner,
  scanForMigration,
  windowsMigrationSeam,
  type MigrationRunner,
  type MigrationSeam,
} from '../core/migration/index';
import { CodedError } from './errors';

/** What the window asks before Tunnelkeeper takes a tunnel over (issue 20: never two tunnels). */
export interface MigrationService {
  /** Tasks and Startup items that run this profile's tunnel (or another to the same server). */
  runnersFor(profileId: string): Promise<MigrationRunnerView[]>;
  /** Disables one of them (never deletes); answers how to undo it. */
  disable(location: string): Promise<{ undo: string }>;
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

/**
 * The scan over the machine's Task Scheduler and Startup folders (Windows only: elsewhere there
 * is nothing of PuTTY's to take over, and the answer is empty). The renderer can only name a
 * runner a scan found — a location it makes up is `not-found` — so no page can disable an
 * arbitrary task.
 */
export function coreMigration(
  readProfiles: () => Profile[],
  seam: MigrationSeam | null = process.platform === 'win32' ? windowsMigrationSeam() : null,
): MigrationService {
  const scan = async () =>
    seam ? (await scanForMigration({ seam, profiles: readProfiles() })).runners : [];
  return {
    async runnersFor(profileId) {
      return (await scan())
        .filter(
          (r) =>
            r.matches.some((m) => m.profileId === profileId) || r.sameServer.includes(profileId),
        )
        .map((r) => view(r, profileId));
    },
    async disable(location) {
      const runner = (await scan()).find((r) => r.location === location);
      if (!seam || !runner) throw new CodedError('not-found');
      return { undo: (await disableRunner(runner, seam)).undo };
    },
  };
}
