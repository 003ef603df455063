import {
  NotSshError,
  parseCommandArgs,
  type CommandContext,
  type CommandDialect,
} from './command-line';
import { logicalLines } from './text';
import { isRedirection, isSeparator, tokenize, type ShellDialect, type Token } from './tokenize';
import { ImportError, newDraft, type Draft, type ImportWarning } from './types';

/**
 * A batch/shell script (or a single command line) → one draft per `plink`/`ssh` invocation.
 * Everything else in the script (`@echo off`, `REM`, `cd`, `pause`, `sleep`, loops) is skipped;
 * `start "title"` gives the profile its name, as does a `Tunnelkeeper profile:` comment
 * (which `export` writes so that a round trip keeps the name).
 */
export interface ScriptResult {
  drafts: Draft[];
  warnings: ImportWarning[];
}

const NAME_COMMENT = /^\s*(?:@?rem\b|::|#)\s*Tunnelkeeper profile:\s*(.+?)\s*$/i;
const CMD_COMMENT = /^\s*@?(?:rem(?:\s|$)|::)/i;

/** Which shell wrote the script: decides quoting and backslash rules. */
export function shellOf(text: string, source: CommandDialect): ShellDialect {
  if (/^#!/.test(text)) return 'sh';
  const cmd =
    /^\s*@?echo\s+off\b|^\s*@?rem(\s|$)|^\s*::|^\s*start\s|%[A-Za-z_~][^%\s]*%|\.exe\b|\b[A-Za-z]:\\/im.test(
      text,
    );
  const sh = /^\s*#|\$\{?[A-Za-z_]|\bnohup\b|^\s*export\s|;\s*(then|do)\b/m.test(text);
  if (cmd !== sh) return cmd ? 'cmd' : 'sh';
  return source === 'plink' ? 'cmd' : 'sh';
}

function continuation(dialect: ShellDialect): (line: string) => string | undefined {
  // cmd joins a line ending in an unescaped ^; sh one ending in an unescaped backslash.
  const ch = dialect === 'cmd' ? '^' : '\\';
  return (line) => {
    let n = 0;
    while (line[line.length - 1 - n] === ch) n++;
    return n % 2 === 1 ? line.slice(0, -1) : undefined;
  };
}

/** Splits a token list into simple commands, dropping redirections and their targets. */
export function commands(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (isSeparator(t)) out.push([]);
    else if (isRedirection(t)) {
      if (!/&[0-9]$/.test(t.value) && tokens[i + 1] && !tokens[i + 1]?.op) i++;
    } else out[out.length - 1]?.push(t);
  }
  return out.filter((c) => c.length > 0);
}

function programOf(word: string): CommandDialect | 'autossh' | undefined {
  const base = (word.split(/[\\/]/).pop() ?? '').toLowerCase().replace(/\.exe$/, '');
  if (base === 'plink') return 'plink';
  if (base === 'ssh') return 'ssh';
  if (base === 'autossh') return 'autossh';
  return undefined;
}

const SH_PREFIXES = new Set([
  'do',
  'then',
  'else',
  'exec',
  'nohup',
  'time',
  'setsid',
  'command',
  'env',
  '!',
]);
const START_SWITCH_ARG = new Set(['/d', '/node', '/affinity']);

interface Invocation {
  dialect: CommandDialect;
  args: string[];
  title?: string;
}

/** Strips launchers (`start "t" /B`, `call`, `nohup`, `VAR=x`, `sudo`, `autossh -M 0`). */
function invocation(words: Token[]): Invocation | undefined {
  let i = 0;
  let title: string | undefined;
  while (i < words.length) {
    const w = words[i] as Token;
    const lower = w.value.toLowerCase();
    if (w.quoted && i > 0 && words[i - 1]?.value.toLowerCase() === 'start' && title === undefined) {
      title = w.value;
      i++;
    } else if (lower === 'start' || lower === 'call' || lower === '@') i++;
    else if (lower === 'cmd' || lower === 'cmd.exe') i++;
    else if (/^\/[a-z]+$/i.test(w.value) && !w.quoted) i += START_SWITCH_ARG.has(lower) ? 2 : 1;
    else if (SH_PREFIXES.has(lower) || (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value) && !w.quoted)) i++;
    else if (lower === 'sudo' || lower === 'nice') {
      i++;
      while (words[i]?.value.startsWith('-')) i += /^-[ugn]$/.test(words[i]?.value ?? '') ? 2 : 1;
    } else break;
  }
  const program = words[i] ? programOf((words[i] as Token).value) : undefined;
  if (!program) return undefined;
  let args = words.slice(i + 1).map((t) => t.value);
  if (program === 'autossh') {
    // autossh's own options come first; the rest goes to ssh.
    while (args[0] === '-f' || args[0] === '-V' || /^-M/.test(args[0] ?? ''))
      args = args.slice(args[0] === '-M' ? 2 : 1);
  }
  return { dialect: program === 'autossh' ? 'ssh' : program, args, ...(title ? { title } : {}) };
}

export function readScript(
  text: string,
  source: CommandDialect,
  ctx: CommandContext = {},
): ScriptResult {
  const shell = shellOf(text, source);
  const drafts: Draft[] = [];
  const warnings: ImportWarning[] = [];
  const meaningful: { tokens: Token[]; line: number }[] = [];
  let pendingName: string | undefined;
  for (const { text: line, line: number } of logicalLines(text, continuation(shell))) {
    const name = NAME_COMMENT.exec(line);
    if (name) {
      pendingName = name[1];
      continue;
    }
    if (line.trim() === '' || (shell === 'cmd' && CMD_COMMENT.test(line))) continue;
    if (/^\s*@?echo\s+(off|on)\s*$/i.test(line)) continue;
    let tokens: Token[];
    try {
      tokens = tokenize(line.replace(/^\s*@/, ''), shell);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      if (/\b(plink|ssh)(\.exe)?\b/i.test(line))
        warnings.push({
          code: 'skipped-line',
          message: `line ${number} was skipped: ${error.message}`,
          line: number,
        });
      continue;
    }
    if (tokens.length === 0) continue;
    meaningful.push({ tokens, line: number });
    for (const words of commands(tokens)) {
      const call = invocation(words);
      if (!call) continue;
      const draft = newDraft(number);
      const title = call.title?.trim() || pendingName;
      if (title) draft.name = title;
      pendingName = undefined;
      try {
        parseCommandArgs(call.args, call.dialect, draft, ctx);
      } catch (error) {
        if (!(error instanceof NotSshError)) throw error;
        warnings.push({
          code: 'not-ssh',
          message: `line ${number} was skipped: ${error.message}`,
          line: number,
        });
        continue;
      }
      if (!draft.host) {
        warnings.push({
          code: 'no-host',
          message: `line ${number}: ${call.dialect} names no host, so nothing was imported from it`,
          line: number,
        });
        continue;
      }
      drafts.push(draft);
    }
  }
  // A bare argument list ("-ssh user@host -R …", "user@host -L …") is a command line too.
  const only = meaningful[0];
  if (drafts.length === 0 && meaningful.length === 1 && only) {
    const first = only.tokens[0]?.value ?? '';
    if (first.startsWith('-') || /^[^\s@]+@[^\s@]+$/.test(first)) {
      const draft = newDraft(only.line);
      if (pendingName) draft.name = pendingName;
      try {
        parseCommandArgs(commands(only.tokens)[0]?.map((t) => t.value) ?? [], source, draft, ctx);
        if (draft.host) drafts.push(draft);
        else
          warnings.push({
            code: 'no-host',
            message: 'the command line names no host',
            line: only.line,
          });
      } catch (error) {
        if (!(error instanceof NotSshError)) throw error;
        warnings.push({ code: 'not-ssh', message: error.message, line: only.line });
      }
    }
  }
  return { drafts, warnings };
}
