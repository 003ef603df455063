/**
 * Splits the arguments of a Windows command line as the program's C runtime will (the rules of
 * CommandLineToArgvW and the Microsoft C runtime since 2008,
 * https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments):
 * - white space (space, tab) separates arguments, except inside double quotes;
 * - backslashes are literal unless they precede a double quote: 2n of them then `"` give n
 *   backslashes and a quote that opens or closes; 2n+1 give n backslashes and a literal `"`;
 * - inside quotes, `""` is a literal `"`.
 * Task Scheduler's <Arguments> and a shortcut's COMMAND_LINE_ARGUMENTS reach the program this way,
 * with no cmd.exe in between: `&`, `|`, `^` and `%` mean nothing special here (unlike in a batch
 * file, which main/core/imports/tokenize.ts reads).
 *
 * Each argument keeps where it starts and ends in the text, so that a caller can take "the rest
 * of the command line" as the program itself does (Pageant's `-c`).
 */
export interface WinArg {
  value: string;
  /** Offset of its first character in the command line. */
  start: number;
  /** Offset just past its last character. */
  end: number;
}

export function splitWindowsArgs(line: string): WinArg[] {
  const args: WinArg[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    const start = i;
    let value = '';
    let quoted = false;
    while (i < n) {
      const c = line[i] as string;
      if (!quoted && (c === ' ' || c === '\t')) break;
      if (c === '\\') {
        let count = 0;
        while (line[i + count] === '\\') count++;
        if (line[i + count] === '"') {
          value += '\\'.repeat(Math.floor(count / 2));
          i += count;
          if (count % 2 === 1) {
            value += '"';
            i++;
          }
          // An even run leaves the quote to toggle below.
        } else {
          value += '\\'.repeat(count);
          i += count;
        }
        continue;
      }
      if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        quoted = !quoted;
        i++;
        continue;
      }
      value += c;
      i++;
    }
    args.push({ value, start, end: i });
  }
  return args;
}

/** The values only. */
export const windowsArgv = (line: string): string[] => splitWindowsArgs(line).map((a) => a.value);

/**
 * A program path as Task Scheduler's <Command> or a shortcut target may hold it: quotes around it
 * are not part of the path (the Task Scheduler UI keeps the quotes one types).
 */
export function unquotePath(path: string): string {
  const t = path.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** Quotes an argument for display or for a command line (CommandLineToArgvW-compatible). */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
}
