import type { Profile } from '../config/profile';
import type { ImportOptions } from '../imports/types';
import type { LaunchContext } from './launch';
import { matchRunners, type MatchedRunner } from './match';
import {
  runnerFromStartupItem,
  startupItemState,
  runnerFromTask,
  type Found,
  type FoundPageantKey,
  type Problem,
  type Runner,
} from './runners';
import { startupUndo, taskUndo, type MigrationSeam, type UndoInstruction } from './seam';
import { parseTaskXml } from './task-xml';

/**
 * The migration scan: before Tunnelkeeper takes a tunnel over, find what already runs it on this
 * machine (Task Scheduler, the Startup folders) so the admin can disable it — two tunnels to the
 * same proxy break the proxy. Read-only; nothing is changed until `disableRunner`.
 *
 * One unreadable thing (a task export schtasks refuses, a damaged shortcut, a missing script) is
 * a problem line and the scan goes on: a partial answer with its gaps named is what the admin
 * needs, not an error that hides the rest.
 */
export type MigrationRunner = Runner & MatchedRunner;

export interface MigrationScan {
  runners: MigrationRunner[];
  pageantKeys: FoundPageantKey[];
  problems: Problem[];
}

export interface ScanOptions {
  seam: MigrationSeam;
  /** Tunnelkeeper's profiles (the config): what the runners are matched against. */
  profiles: readonly Profile[];
  /** For the importer: the local user filled in when a command names none, the home for `~`. */
  importOptions?: ImportOptions;
}

const WINDOWS_OWN = /^\\Microsoft\\Windows\\/i;

export async function scanForMigration(options: ScanOptions): Promise<MigrationScan> {
  const { seam, profiles } = options;
  const ctx: LaunchContext = {
    ...(seam.readFile ? { readFile: (p: string) => seam.readFile!(p) } : {}),
    importOptions: options.importOptions ?? {},
    // Ids of proposed profiles never collide with the config's, nor with each other.
    taken: new Set(profiles.map((p) => p.id)),
  };
  const found: Found[] = [];
  const problems: Problem[] = [];

  try {
    const tasks = parseTaskXml(await seam.listScheduledTasks());
    // Windows' own tasks (a few hundred under \Microsoft\Windows\) never run a tunnel; following
    // their scripts would only add problem lines about files that are none of the admin's business.
    for (const task of tasks.filter((t) => !WINDOWS_OWN.test(t.path)))
      found.push(await guarded(task.path, () => runnerFromTask(task, ctx)));
  } catch (error) {
    problems.push({
      where: 'Task Scheduler',
      // TaskXmlError: what schtasks printed is not task XML; anything else: schtasks failed.
      message: `the task list could not be read: ${(error as Error).message}`,
    });
  }

  try {
    for (const item of await seam.listStartupFolder())
      found.push(await guarded(item.path, () => runnerFromStartupItem(item, ctx)));
  } catch (error) {
    problems.push({
      where: 'Startup folders',
      message: `the Startup folders could not be listed: ${(error as Error).message}`,
    });
  }

  for (const f of found) problems.push(...f.problems);
  const runners = found.flatMap((f) => (f.runner ? [f.runner] : []));
  return {
    runners: matchRunners(profiles, runners),
    pageantKeys: found.flatMap((f) => f.pageantKeys),
    problems,
  };
}

/** A bug or a surprise in one item must not cost the admin the rest of the scan. */
async function guarded(where: string, read: () => Promise<Found>): Promise<Found> {
  try {
    return await read();
  } catch (error) {
    return { pageantKeys: [], problems: [{ where, message: (error as Error).message }] };
  }
}

/**
 * Disables what starts the runner — the task (schtasks /change /disable) or the Startup item
 * (renamed to `<name>.disabled-by-tunnelkeeper`) — and returns how to undo it. Never deletes.
 * A runner already disabled is left as it is.
 */
export async function disableRunner(
  runner: Pick<Runner, 'kind' | 'location' | 'enabled'>,
  seam: MigrationSeam,
): Promise<UndoInstruction & { changed: boolean }> {
  if (!runner.enabled) {
    // Nothing to do, but the way back is still worth saying.
    const again =
      runner.kind === 'task'
        ? taskUndo(runner.location)
        : startupUndo(originalPath(runner.location), runner.location);
    return {
      changed: false,
      undo: `${runner.location} is already disabled; nothing was changed. To enable it again, run: ${again.undoCommand}`,
      undoCommand: again.undoCommand,
    };
  }
  const result =
    runner.kind === 'task'
      ? await seam.disableTask(runner.location)
      : await seam.disableStartupItem(runner.location);
  return { ...result, changed: true };
}

/** `C:\…\Startup\X.lnk.disabled-by-tunnelkeeper` → `C:\…\Startup\X.lnk`. */
function originalPath(location: string): string {
  const name = location.split(/[\\/]/).pop() ?? location;
  return location.slice(0, location.length - name.length) + startupItemState(name).original;
}
