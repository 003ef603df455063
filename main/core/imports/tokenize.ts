import { ImportError } from './types';

/**
 * Splits one logical script line into words the way the shell (and, on Windows, the program's
 * C runtime) would, so that `-i "C:\Users\me\My Keys\id.ppk"` stays one word with its
 * backslashes, and `&`, `|`, `;` and redirections are seen as operators, not arguments.
 */
export type ShellDialect = 'cmd' | 'sh';

export interface Token {
  value: string;
  /** Some part of the word was quoted (cmd's `start` takes its first quoted word as a title). */
  quoted: boolean;
  /** An operator: `&`, `&&`, `|`, `||`, `;`, `(`, `)` or a redirection such as `>`, `2>&1`. */
  op?: boolean;
}

const SEPARATORS = new Set(['&', '&&', '|', '||', ';', '(', ')']);
export const isSeparator = (t: Token): boolean => t.op === true && SEPARATORS.has(t.value);
export const isRedirection = (t: Token): boolean => t.op === true && !SEPARATORS.has(t.value);

export function tokenize(line: string, dialect: ShellDialect): Token[] {
  return dialect === 'cmd' ? tokenizeCmd(line) : tokenizeSh(line);
}

/** Reads an operator starting at `i` (the character there is not quoted), or undefined. */
function readOperator(line: string, i: number, dialect: ShellDialect): string | undefined {
  const rest = line.slice(i);
  const c = rest[0];
  if (c === '>') return /^>>?(?:&[0-9])?/.exec(rest)?.[0];
  if (c === '<') return '<';
  if (c === '&') {
    if (dialect === 'sh' && rest[1] === '>') return rest[2] === '>' ? '&>>' : '&>';
    return rest[1] === '&' ? '&&' : '&';
  }
  if (c === '|') return rest[1] === '|' ? '||' : '|';
  if (dialect === 'sh' && (c === ';' || c === '(' || c === ')')) return c;
  return undefined;
}

/** Pushes an operator; a lone digit word before `>` is its file descriptor (`2>&1`). */
function pushOperator(
  tokens: Token[],
  word: { value: string; quoted: boolean; inWord: boolean },
  op: string,
): void {
  if (op.startsWith('>') && word.inWord && !word.quoted && /^[0-9]$/.test(word.value)) {
    tokens.push({ value: word.value + op, quoted: false, op: true });
  } else {
    if (word.inWord) tokens.push({ value: word.value, quoted: word.quoted });
    tokens.push({ value: op, quoted: false, op: true });
  }
  word.value = '';
  word.quoted = false;
  word.inWord = false;
}

function tokenizeCmd(line: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let quoted = false;
  let inWord = false;
  let inQuote = false;
  const flush = () => {
    if (inWord) tokens.push({ value: word, quoted });
    word = '';
    quoted = false;
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\') {
      // C runtime rule: backslashes are literal unless they precede a quote.
      let n = 0;
      while (line[i + n] === '\\') n++;
      if (line[i + n] === '"') {
        word += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) {
          word += '"';
          i += n;
        } else i += n - 1;
      } else {
        word += '\\'.repeat(n);
        i += n - 1;
      }
      inWord = true;
      continue;
    }
    if (c === '"') {
      if (inQuote && line[i + 1] === '"') {
        word += '"';
        i++;
      } else inQuote = !inQuote;
      quoted = true;
      inWord = true;
      continue;
    }
    if (inQuote) {
      word += c;
      continue;
    }
    if (c === '^') {
      // cmd's escape character: the next character is taken literally.
      if (i + 1 < line.length) word += line[++i];
      inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush();
      continue;
    }
    const op = readOperator(line, i, 'cmd');
    if (op) {
      const w = { value: word, quoted, inWord };
      pushOperator(tokens, w, op);
      word = '';
      quoted = false;
      inWord = false;
      i += op.length - 1;
      continue;
    }
    word += c;
    inWord = true;
  }
  if (inQuote) throw new ImportError('unterminated double quote', 'unterminated-quote');
  flush();
  return tokens;
}

function tokenizeSh(line: string): Token[] {
  const tokens: Token[] = [];
  const w = { value: '', quoted: false, inWord: false };
  const flush = () => {
    if (w.inWord) tokens.push({ value: w.value, quoted: w.quoted });
    w.value = '';
    w.quoted = false;
    w.inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ImportError('unterminated single quote', 'unterminated-quote');
      w.value += line.slice(i + 1, end);
      w.quoted = w.inWord = true;
      i = end;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        // Inside double quotes a backslash only escapes $ ` " \ (POSIX).
        if (line[j] === '\\' && j + 1 < line.length && '$`"\\'.includes(line[j + 1] as string)) j++;
        w.value += line[j];
      }
      if (j >= line.length)
        throw new ImportError('unterminated double quote', 'unterminated-quote');
      w.quoted = w.inWord = true;
      i = j;
      continue;
    }
    if (c === '\\') {
      if (i + 1 < line.length) w.value += line[++i];
      w.inWord = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      flush();
      continue;
    }
    if (c === '#' && !w.inWord) break; // a comment runs to the end of the line
    const op = readOperator(line, i, 'sh');
    if (op) {
      pushOperator(tokens, w, op);
      i += op.length - 1;
      continue;
    }
    w.value += c;
    w.inWord = true;
  }
  flush();
  return tokens;
}
