import path from 'node:path';
import type { Profile } from '../config/profile';
import { NotSshError, parseCommandArgs, type CommandDialect } from '../imports/command-line';
import { finalizeDrafts } from '../imports/finalize';
import { readScript } from '../imports/script';
import { decodeText } from '../imports/text';
import { newDraft, type Draft, type ImportOptions, type ImportWarning } from '../imports/types';
import { expandBatchVariables } from './batch-vars';
import { parsePageantArgs, type PageantKey } from './pageant';
import { redactSecrets } from './redact';
import { scriptCommands } from './script-commands';
import { quoteWindowsArg, unquotePath, windowsArgv } from './win-argv';

/**
 * What one launch (a task's Exec action, a shortcut's target and arguments, Pageant's `-c`
 * command, a line of a batch file) ends up running, followed through the launchers admins use:
 *   plink / putty / ssh / autossh  → the tunnel: profiles through the importer
 *   pageant … -c <command>          → its keys, then the command, followed
 *   cmd /c <line>                   → the line, read as a batch line
 *   X.bat / X.cmd                   → the script, read (through the seam) and imported
 * The profiles are the importer's own (main/core/imports: parseCommandArgs for an argument list,
 * readScript for a script, finalizeDrafts for ids and validation), so a migration proposes
 * exactly what `tunnelkeeper import` would.
 */
export type ProgramKind = 'plink' | 'putty' | 'ssh' | 'pageant' | 'cmd' | 'script' | 'other';

export function programKind(program: string): ProgramKind {
  const base = (unquotePath(program).split(/[\\/]/).pop() ?? '').toLowerCase();
  if (/\.(bat|cmd)$/.test(base)) return 'script';
  const stem = base.replace(/\.exe$/, '');
  if (stem === 'plink' || stem === 'putty' || stem === 'pageant' || stem === 'cmd') return stem;
  if (stem === 'ssh' || stem === 'autossh') return 'ssh';
  return 'other';
}

export interface Launch {
  program: string;
  /** The argument string as written (CommandLineToArgvW rules apply to it). */
  args: string;
  workingDir?: string;
  /** A name for a profile that has none of its own (the task or the shortcut). */
  name?: string;
}

export interface LaunchContext {
  readFile?: (path: string) => Promise<Buffer>;
  importOptions: ImportOptions;
  /** Profile ids already used (the config's and earlier runners'); new ones are added. */
  taken: Set<string>;
}

export interface LaunchResult {
  /** plink, putty or ssh is started (directly or through a launcher). */
  startsSsh: boolean;
  profiles: Profile[];
  warnings: ImportWarning[];
  /** The commands that start the tunnel, as written (passwords removed). */
  tunnelCommands: string[];
  /** The launchers in between, outermost first. */
  via: ('pageant' | 'cmd' | 'script')[];
  pageantKeys: PageantKey[];
  /** What could not be read (a script that is missing, unreadable or binary). */
  problems: string[];
}

const empty = (): LaunchResult => ({
  startsSsh: false,
  profiles: [],
  warnings: [],
  tunnelCommands: [],
  via: [],
  pageantKeys: [],
  problems: [],
});

/** Launchers inside launchers are followed this deep (a script calling a script …). */
const MAX_DEPTH = 4;

export function commandLineOf(program: string, args: string): string {
  const p = unquotePath(program);
  return redactSecrets(args.trim() ? `${quoteWindowsArg(p)} ${args.trim()}` : quoteWindowsArg(p));
}

export async function resolveLaunch(
  launch: Launch,
  ctx: LaunchContext,
  depth = 0,
): Promise<LaunchResult> {
  const kind = programKind(launch.program);
  if (depth > MAX_DEPTH) return empty();
  switch (kind) {
    case 'plink':
    case 'putty':
    case 'ssh':
      return direct(launch, kind === 'ssh' ? 'ssh' : 'plink', ctx);
    case 'pageant': {
      const parsed = parsePageantArgs(launch.args);
      const result = empty();
      result.pageantKeys.push(...parsed.keys);
      result.warnings.push(...parsed.warnings.map((message) => ({ code: 'pageant', message })));
      if (parsed.command) {
        const inner = await resolveLaunch(
          { ...launch, program: parsed.command.program, args: parsed.command.args },
          ctx,
          depth + 1,
        );
        return merge(result, inner, 'pageant');
      }
      return result;
    }
    case 'cmd': {
      const line = cmdSlashC(launch.args);
      if (line === undefined) return empty();
      return merge(empty(), await scriptText(line, undefined, launch, ctx, depth), 'cmd');
    }
    case 'script': {
      const file = resolvePath(unquotePath(launch.program), launch.workingDir);
      if (!ctx.readFile) {
        const r = empty();
        r.problems.push(`${file} was not read: this scan cannot read files`);
        return r;
      }
      let text: string;
      try {
        text = decodeText(await ctx.readFile(file));
      } catch (error) {
        const r = empty();
        r.problems.push(`cannot read the script ${file}: ${(error as Error).message}`);
        return r;
      }
      return merge(empty(), await scriptText(text, file, launch, ctx, depth), 'script');
    }
    default:
      return empty();
  }
}

/** An argument list given straight to plink/putty/ssh. */
function direct(launch: Launch, dialect: CommandDialect, ctx: LaunchContext): LaunchResult {
  const result = empty();
  result.startsSsh = true;
  result.tunnelCommands.push(commandLineOf(launch.program, launch.args));
  const draft = newDraft();
  if (launch.name) draft.name = launch.name;
  try {
    parseCommandArgs(windowsArgv(launch.args), dialect, draft, commandContext(ctx));
  } catch (error) {
    if (!(error instanceof NotSshError)) throw error;
    result.startsSsh = false;
    return result;
  }
  if (!draft.host) {
    result.warnings.push(...draft.warnings, {
      code: 'no-host',
      message: `${commandLineOf(launch.program, launch.args)} names no host (a saved PuTTY session with -load is not read here): import the session with --from putty-reg`,
    });
    return result;
  }
  return finalize(result, [draft], [], ctx);
}

/** A batch file (or a `cmd /c` line): the importer reads plink/ssh; Pageant, PuTTY and called scripts are followed here. */
async function scriptText(
  raw: string,
  file: string | undefined,
  launch: Launch,
  ctx: LaunchContext,
  depth: number,
): Promise<LaunchResult> {
  const text = expandBatchVariables(raw, file);
  const result = empty();
  const { drafts, warnings } = readScript(text, 'plink', commandContext(ctx));
  const lines = text.split('\n');
  for (const d of drafts) {
    // A line without `start "title"` is named after what starts it (the task, the shortcut).
    if (!d.name && launch.name) d.name = launch.name;
    result.startsSsh = true;
    result.tunnelCommands.push(redactSecrets(logicalLine(lines, d.line ?? 1)));
  }
  finalize(result, drafts, warnings, ctx);
  for (const command of scriptCommands(text)) {
    const kind = programKind(command.program);
    if (kind !== 'pageant' && kind !== 'putty' && kind !== 'script' && kind !== 'cmd') continue;
    const inner = await resolveLaunch(
      {
        program: command.program,
        args: command.args,
        ...(launch.workingDir ? { workingDir: launch.workingDir } : {}),
        ...((command.title ?? launch.name) ? { name: command.title ?? launch.name } : {}),
      },
      ctx,
      depth + 1,
    );
    merge(result, inner);
  }
  return result;
}

/** The physical lines of a logical one (`^` continuations), as one line for display. */
function logicalLine(lines: string[], first: number): string {
  let i = first - 1;
  let text = (lines[i] ?? '').trim();
  while (text.endsWith('^') && i + 1 < lines.length)
    text = `${text.slice(0, -1)}${(lines[++i] ?? '').trim()}`;
  return text;
}

function finalize(
  result: LaunchResult,
  drafts: Draft[],
  warnings: ImportWarning[],
  ctx: LaunchContext,
): LaunchResult {
  const done = finalizeDrafts(drafts, warnings, ctx.importOptions, ctx.taken);
  for (const p of done.profiles) ctx.taken.add(p.id);
  result.profiles.push(...done.profiles);
  result.warnings.push(...done.warnings);
  return result;
}

function merge(
  into: LaunchResult,
  inner: LaunchResult,
  via?: 'pageant' | 'cmd' | 'script',
): LaunchResult {
  into.startsSsh ||= inner.startsSsh;
  into.profiles.push(...inner.profiles);
  into.warnings.push(...inner.warnings);
  into.tunnelCommands.push(...inner.tunnelCommands);
  into.pageantKeys.push(...inner.pageantKeys);
  into.problems.push(...inner.problems);
  into.via = [...(via ? [via] : []), ...into.via, ...inner.via].filter(
    (v, i, all) => all.indexOf(v) === i,
  );
  return into;
}

const commandContext = (ctx: LaunchContext) =>
  ctx.importOptions.homeDir ? { homeDir: ctx.importOptions.homeDir } : {};

/** A relative script path runs from the working directory (Task Scheduler's "Start in"). */
function resolvePath(file: string, workingDir: string | undefined): string {
  if (/^([A-Za-z]:[\\/]|[\\/]{2}|[\\/])/.test(file) || !workingDir) return file;
  return path.win32.join(unquotePath(workingDir), file);
}

/**
 * `cmd [/switches] /c <line>` (or /k) → the line cmd runs. The quotes around it follow `cmd /?`:
 * kept when the line is exactly one quoted executable path with white space inside and no
 * special character (and no /s); otherwise a leading quote and the last quote are removed.
 */
export function cmdSlashC(args: string): string | undefined {
  let rest = args.trimStart();
  let s = false;
  for (;;) {
    const m = /^\/([A-Za-z])(?::\S*)?/.exec(rest);
    if (!m) return undefined;
    const letter = (m[1] as string).toLowerCase();
    rest = rest.slice(m[0].length);
    if (letter === 'c' || letter === 'k') break;
    if (letter === 's') s = true;
    rest = rest.trimStart();
  }
  const line = rest.trimStart();
  if (!line.startsWith('"')) return line;
  const quotes = (line.match(/"/g) ?? []).length;
  const inner = line.slice(1, line.lastIndexOf('"'));
  const keep =
    !s &&
    quotes === 2 &&
    !/[&<>()@^|]/.test(inner) &&
    /\s/.test(inner) &&
    /\.(exe|com|bat|cmd)$/i.test(inner);
  if (keep) return line;
  const last = line.lastIndexOf('"');
  return line.slice(1, last) + line.slice(last + 1);
}
