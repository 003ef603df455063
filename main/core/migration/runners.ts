import type { Profile } from '../config/profile';
import type { ImportWarning } from '../imports/types';
import { commandLineOf, resolveLaunch, type LaunchContext, type LaunchResult } from './launch';
import { LnkError, parseLnk } from './lnk';
import { DISABLED_SUFFIX, type StartupFolder, type StartupItem } from './seam';
import type { ScheduledTaskInfo, TaskTrigger } from './task-xml';

/**
 * What starts a tunnel on this machine without Tunnelkeeper: a scheduled task, a shortcut in a
 * Startup folder, or a batch file there. Each is followed to the plink/ssh command it ends up
 * running (launch.ts) and carries the profiles the importer makes of it. Only launchers that
 * start plink, PuTTY or ssh with a forward are runners (an interactive PuTTY session in Startup is
 * not a tunnel); a launcher whose command names no host (`plink -load session`) is kept, since it
 * may be one. Pageant's keys are collected wherever Pageant is started.
 */
export type RunnerKind = 'task' | 'startup-shortcut' | 'startup-script';

export interface Runner {
  kind: RunnerKind;
  /** The task's name, or the Startup item's file name (without the disabled suffix). */
  name: string;
  /** What to disable: the task path (`\Tunnels\plink tunnel`) or the item's full path. */
  location: string;
  /** What the task or shortcut starts, as one command line (passwords removed). */
  command: string;
  enabled: boolean;
  /** The importer's profiles for the tunnel(s) it starts: what Tunnelkeeper would take over. */
  profiles: Profile[];
  warnings: ImportWarning[];
  /** The plink/ssh command lines themselves (inside a script, or after Pageant's -c). */
  tunnelCommands: string[];
  /** Launchers between the runner and plink: `pageant` (-c), `cmd` (/c), `script`. */
  via: LaunchResult['via'];
  /** Tasks: who runs it and when. */
  task?: {
    runsWhenLoggedOff: boolean;
    userId?: string;
    logonType?: string;
    triggers: TaskTrigger[];
  };
  /** Startup items: which Startup folder. */
  startupFolder?: StartupFolder;
}

export interface FoundPageantKey {
  path: string;
  encrypted: boolean;
  /** The task path or the Startup item that starts Pageant with it. */
  from: string;
  fromKind: RunnerKind;
  /** Whether that task or item is enabled. */
  enabled: boolean;
}

export interface Problem {
  /** The task path, the Startup item, or "Task Scheduler" / "Startup folders". */
  where: string;
  message: string;
}

export interface Found {
  runner?: Runner;
  pageantKeys: FoundPageantKey[];
  problems: Problem[];
}

const isTunnel = (r: LaunchResult): boolean =>
  r.startsSsh && (r.profiles.length === 0 || r.profiles.some((p) => p.forwards.length > 0));

function keysOf(r: LaunchResult, from: string, fromKind: RunnerKind, enabled: boolean) {
  return r.pageantKeys.map((k) => ({
    path: k.path,
    encrypted: k.encrypted,
    from,
    fromKind,
    enabled,
  }));
}

export async function runnerFromTask(task: ScheduledTaskInfo, ctx: LaunchContext): Promise<Found> {
  const results: LaunchResult[] = [];
  for (const action of task.actions)
    results.push(
      await resolveLaunch(
        {
          program: action.command,
          args: action.arguments ?? '',
          ...(action.workingDirectory ? { workingDir: action.workingDirectory } : {}),
          name: task.name,
        },
        ctx,
      ),
    );
  const problems = results.flatMap((r) =>
    r.problems.map((message) => ({ where: task.path, message })),
  );
  const pageantKeys = results.flatMap((r) => keysOf(r, task.path, 'task', task.enabled));
  const tunnels = results.filter(isTunnel);
  if (tunnels.length === 0) return { pageantKeys, problems };
  const runner: Runner = {
    kind: 'task',
    name: task.name,
    location: task.path,
    command: task.actions.map((a) => commandLineOf(a.command, a.arguments ?? '')).join('\n'),
    enabled: task.enabled,
    ...collect(tunnels),
    task: {
      runsWhenLoggedOff: task.principal?.runsWhenLoggedOff ?? false,
      ...(task.principal?.userId ? { userId: task.principal.userId } : {}),
      ...(task.principal?.logonType ? { logonType: task.principal.logonType } : {}),
      triggers: task.triggers,
    },
  };
  return { runner, pageantKeys, problems };
}

function collect(results: LaunchResult[]) {
  return {
    profiles: results.flatMap((r) => r.profiles),
    warnings: results.flatMap((r) => r.warnings),
    tunnelCommands: results.flatMap((r) => r.tunnelCommands),
    via: [...new Set(results.flatMap((r) => r.via))],
  };
}

/** An item renamed by Tunnelkeeper (`X.lnk.disabled-by-tunnelkeeper[-2]`) is reported disabled. */
export function startupItemState(name: string): { original: string; enabled: boolean } {
  const m = new RegExp(`^(.*)${DISABLED_SUFFIX.replace(/\./g, '\\.')}(?:-[0-9]+)?$`, 'i').exec(
    name,
  );
  return m ? { original: m[1] as string, enabled: false } : { original: name, enabled: true };
}

export async function runnerFromStartupItem(item: StartupItem, ctx: LaunchContext): Promise<Found> {
  const { original, enabled } = startupItemState(item.name);
  const extension = (/\.[^.\\]*$/.exec(original)?.[0] ?? '').toLowerCase();
  if (extension !== '.lnk' && extension !== '.bat' && extension !== '.cmd')
    return { pageantKeys: [], problems: [] };
  if (!item.bytes)
    return {
      pageantKeys: [],
      problems: [
        { where: item.path, message: `cannot read ${item.name}: ${item.error ?? 'no content'}` },
      ],
    };
  const kind: RunnerKind = extension === '.lnk' ? 'startup-shortcut' : 'startup-script';
  let result: LaunchResult;
  let command: string;
  if (kind === 'startup-shortcut') {
    let link;
    try {
      link = parseLnk(item.bytes);
    } catch (error) {
      if (!(error instanceof LnkError)) throw error;
      return {
        pageantKeys: [],
        problems: [{ where: item.path, message: `not a readable shortcut: ${error.message}` }],
      };
    }
    if (link.target === undefined) {
      // Only the shell item list names the target (or an installer product does): its program is
      // unknown here. Say so when its arguments look like a tunnel.
      const tunnelLike =
        /(^|\s)-[LRD]\s/.test(link.arguments ?? '') && /@/.test(link.arguments ?? '');
      return {
        pageantKeys: [],
        problems: tunnelLike
          ? [
              {
                where: item.path,
                message: `the shortcut's target is not a file path${link.advertised ? ' (an installer-advertised shortcut)' : ''}, but its arguments look like an SSH tunnel: check it by hand (${link.arguments})`,
              },
            ]
          : [],
      };
    }
    command = commandLineOf(link.target, link.arguments ?? '');
    result = await resolveLaunch(
      {
        program: link.target,
        args: link.arguments ?? '',
        ...(link.workingDir ? { workingDir: link.workingDir } : {}),
        name: original.replace(/\.lnk$/i, ''),
      },
      ctx,
    );
  } else {
    // The script's own bytes are at hand; a disabled one keeps its .bat name for reading.
    const scriptPath = item.path.slice(0, item.path.length - item.name.length) + original;
    const bytes = item.bytes;
    const readFile = (p: string) =>
      p.toLowerCase() === scriptPath.toLowerCase()
        ? Promise.resolve(bytes)
        : ctx.readFile
          ? ctx.readFile(p)
          : Promise.reject(new Error('this scan cannot read files'));
    command = item.path;
    result = await resolveLaunch(
      { program: scriptPath, args: '', name: original.replace(/\.(bat|cmd)$/i, '') },
      { ...ctx, readFile },
    );
  }
  const problems = result.problems.map((message) => ({ where: item.path, message }));
  const pageantKeys = keysOf(result, item.path, kind, enabled);
  if (!isTunnel(result)) return { pageantKeys, problems };
  const runner: Runner = {
    kind,
    name: original,
    location: item.path,
    command,
    enabled,
    ...collect([result]),
    startupFolder: item.folder,
  };
  return { runner, pageantKeys, problems };
}
