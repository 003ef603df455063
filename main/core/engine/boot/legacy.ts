import { pathFor } from './locations';
import type { BootLocations, BootPlatform, BootSystem } from './types';

/**
 * Boot services written by `tunnelkeeper export --to systemd|task-scheduler|launchd` before
 * the engine existed: one per profile, each running `tunnelkeeper up --config C --profile ID`.
 * Left in place they would start beside the engine and open a second session per profile
 * (which a provider's proxy breaks on), so `engine install` stops and removes them.
 * What the old export wrote: the unit `tunnelkeeper-<id>.service` (to be saved in
 * /etc/systemd/system), the task `Tunnelkeeper\<id>` described "Tunnelkeeper tunnel <name>",
 * the daemon `com.tunnelkeeper.<id>` in /Library/LaunchDaemons. Each is recognised by its name
 * and by what it runs (`up ... --profile`), so nothing else of that name is touched.
 */
export interface LegacyService {
  /** The unit name, the task name (as schtasks lists it) or the launchd label. */
  name: string;
  /** Its file (unit, plist); none for a task, which lives in Task Scheduler's store. */
  file?: string;
}

/**
 * The old export's (and only its) action: the tunnelkeeper CLI (its bin script, or the command
 * itself), then `up`, then `--profile`: `.../bin/tunnelkeeper.cjs up --config C --profile ID`.
 */
const RUNS_UP = /tunnelkeeper(?:\.cjs|\.cmd|\.exe)?["']?\s+up\s(?:.*\s)?--profile[\s=]/i;

/** The arguments of a plist's ProgramArguments, as one command line. */
const plistArgs = (text: string): string =>
  [...text.matchAll(/<string>([^<]*)<\/string>/g)].map((m) => m[1]).join(' ');

export async function findLegacyServices(
  platform: BootPlatform,
  locations: BootLocations,
  system: BootSystem,
  tasks: readonly ScheduledTask[] = [],
): Promise<LegacyService[]> {
  if (platform === 'windows')
    return tasks
      .filter(
        (task) =>
          !sameTask(task.name, locations.service) &&
          (RUNS_UP.test(task.run) || task.comment.startsWith('Tunnelkeeper tunnel ')),
      )
      .map((task) => ({ name: task.name }));
  const p = pathFor(platform);
  const dir = p.dirname(locations.definitionFile);
  const pattern =
    platform === 'linux' ? /^tunnelkeeper-.+\.service$/ : /^com\.tunnelkeeper\..+\.plist$/;
  const found: LegacyService[] = [];
  for (const entry of (await system.listDir(dir)).sort()) {
    const file = p.join(dir, entry);
    if (!pattern.test(entry) || file === locations.definitionFile) continue;
    const text = await system.readFile(file).catch(() => '');
    const old =
      platform === 'linux'
        ? text.split('\n').some((line) => line.startsWith('ExecStart=') && RUNS_UP.test(line))
        : RUNS_UP.test(plistArgs(text));
    if (old) found.push({ name: entry.replace(/\.plist$/, ''), file });
  }
  return found;
}

/** One task of `schtasks /Query /V /FO CSV`. */
export interface ScheduledTask {
  /** With its folder: `\Tunnelkeeper\Engine`. */
  name: string;
  /** "Task To Run": the command line. */
  run: string;
  /** "Comment": the task's description. */
  comment: string;
}

export const SCHTASKS_QUERY = ['/Query', '/V', '/FO', 'CSV'] as const;

/**
 * The verbose CSV listing. Its header is in the language of Windows (and repeated per folder),
 * so columns are taken by position: 1 TaskName, 8 Task To Run, 10 Comment; a header row is
 * the one whose name does not start with `\`. A task with several triggers has several rows.
 */
export function parseScheduledTasks(csv: string): ScheduledTask[] {
  const tasks = new Map<string, ScheduledTask>();
  for (const row of parseCsv(csv)) {
    const name = row[1] ?? '';
    if (!name.startsWith('\\') || tasks.has(name.toLowerCase())) continue;
    tasks.set(name.toLowerCase(), { name, run: row[8] ?? '', comment: row[10] ?? '' });
  }
  return [...tasks.values()];
}

/** Task names compare without case and without the leading `\` of the root folder. */
export function sameTask(a: string, b: string): boolean {
  const norm = (name: string) => name.replace(/^\\+/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** RFC 4180: quoted fields, `""` inside quotes, CRLF or LF rows; blank rows dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}
