import { logicalLines } from '../imports/text';
import { commands } from '../imports/script';
import { tokenize, type Token } from '../imports/tokenize';
import { ImportError } from '../imports/types';
import { quoteWindowsArg } from './win-argv';

/**
 * The simple commands of a batch file (or of a `cmd /c` line), with their launchers removed:
 * `start "Rescale tunnel" /min "C:\Program Files\PuTTY\pageant.exe" a.ppk` → program
 * `C:\Program Files\PuTTY\pageant.exe`, args `a.ppk`. The importer (main/core/imports/script.ts)
 * already reads the plink and ssh lines of a script into profiles; this finds the other programs
 * a migration cares about there: Pageant with its keys (and its `-c` tunnel), PuTTY itself, and
 * another batch file that is called. cmd's quoting and escapes are the importer's tokenizer.
 */
export interface ScriptCommand {
  program: string;
  /** The arguments re-quoted as one Windows command line (what the program receives). */
  args: string;
  /** 1-based line of the script. */
  line: number;
  /** `start "title"`. */
  title?: string;
}

const START_SWITCH_WITH_ARG = new Set(['/d', '/node', '/affinity']);
const CMD_COMMENT = /^\s*@?(?:rem(?:\s|$)|::)/i;

/** cmd joins a line ending in an unescaped `^` with the next. */
function caretContinues(line: string): string | undefined {
  let n = 0;
  while (line[line.length - 1 - n] === '^') n++;
  return n % 2 === 1 ? line.slice(0, -1) : undefined;
}

export function scriptCommands(text: string): ScriptCommand[] {
  const out: ScriptCommand[] = [];
  for (const { text: line, line: number } of logicalLines(text, caretContinues)) {
    if (line.trim() === '' || CMD_COMMENT.test(line)) continue;
    let tokens: Token[];
    try {
      tokens = tokenize(line.replace(/^\s*@/, ''), 'cmd');
    } catch (error) {
      if (error instanceof ImportError) continue; // the importer reports unreadable lines
      throw error;
    }
    for (const words of commands(tokens)) {
      const command = stripLaunchers(words);
      if (command) out.push({ ...command, line: number });
    }
  }
  return out;
}

/** `start ["title"] [/switches]`, `call`, `cmd /c` in front of the program. */
function stripLaunchers(words: Token[]): Omit<ScriptCommand, 'line'> | undefined {
  let i = 0;
  let title: string | undefined;
  let inStart = false;
  while (i < words.length) {
    const w = words[i] as Token;
    const lower = w.value.toLowerCase();
    if (
      inStart &&
      w.quoted &&
      title === undefined &&
      words[i - 1]?.value.toLowerCase() === 'start'
    ) {
      title = w.value;
      i++;
    } else if (lower === 'start') {
      inStart = true;
      i++;
    } else if (lower === 'call' || lower === 'cmd' || lower === 'cmd.exe') i++;
    else if (!w.quoted && /^\/[a-z]+(:\S*)?$/i.test(w.value))
      i += START_SWITCH_WITH_ARG.has(lower) ? 2 : 1;
    else break;
  }
  const program = words[i];
  if (!program) return undefined;
  const args = words
    .slice(i + 1)
    .map((t) => quoteWindowsArg(t.value))
    .join(' ');
  return { program: program.value, args, ...(title !== undefined ? { title } : {}) };
}
