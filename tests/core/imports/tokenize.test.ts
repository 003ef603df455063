import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../main/core/imports/tokenize';
import { ImportError } from '../../../main/core/imports/types';

const words = (line: string, dialect: 'cmd' | 'sh') => tokenize(line, dialect).map((t) => t.value);

describe('cmd tokenizer (cmd.exe + C runtime argv rules)', () => {
  it('keeps quoted Windows paths whole, with their backslashes', () => {
    expect(words('plink -i "C:\\Users\\me\\My Keys\\id.ppk" host', 'cmd')).toEqual([
      'plink',
      '-i',
      'C:\\Users\\me\\My Keys\\id.ppk',
      'host',
    ]);
    expect(words('plink -i C:\\Users\\.ssh\\id_rsa.ppk', 'cmd')).toEqual([
      'plink',
      '-i',
      'C:\\Users\\.ssh\\id_rsa.ppk',
    ]);
  });

  it('applies the backslash-before-quote rules and "" inside quotes', () => {
    expect(words('a "C:\\dir\\\\" b', 'cmd')).toEqual(['a', 'C:\\dir\\', 'b']);
    expect(words('a \\"x\\" "say ""hi"""', 'cmd')).toEqual(['a', '"x"', 'say "hi"']);
  });

  it('sees & | and redirections as operators, ^ as an escape', () => {
    const tokens = tokenize('plink host -N > "%TEMP%\\t.log" 2>&1 & echo a^&b', 'cmd');
    expect(tokens.filter((t) => t.op).map((t) => t.value)).toEqual(['>', '2>&1', '&']);
    expect(tokens.at(-1)?.value).toBe('a&b');
  });

  it('marks quoted words (start takes the first one as its title)', () => {
    const [start, title] = tokenize('start "SSH Tunnel 1" plink.exe', 'cmd');
    expect(start).toEqual({ value: 'start', quoted: false });
    expect(title).toEqual({ value: 'SSH Tunnel 1', quoted: true });
  });

  it('refuses an unterminated quote with its typed error', () => {
    expect(() => tokenize('plink -i "C:\\x', 'cmd')).toThrow(ImportError);
  });
});

describe('sh tokenizer (POSIX)', () => {
  it('handles single and double quotes, escapes and comments', () => {
    expect(
      words(`ssh -o "ServerAliveInterval 30" -L '[::1]:8080:h:80' a\\ b # comment`, 'sh'),
    ).toEqual(['ssh', '-o', 'ServerAliveInterval 30', '-L', '[::1]:8080:h:80', 'a b']);
    expect(words('echo "a \\"q\\" \\$x \\n"', 'sh')).toEqual(['echo', 'a "q" $x \\n']);
  });

  it('splits on ; && || & and reads redirections', () => {
    const ops = tokenize('cd /x; ssh h -N > /dev/null 2>&1 & sleep 1 && true || false', 'sh')
      .filter((t) => t.op)
      .map((t) => t.value);
    expect(ops).toEqual([';', '>', '2>&1', '&', '&&', '||']);
  });

  it('refuses unterminated quotes with its typed error', () => {
    expect(() => tokenize("ssh -i 'x", 'sh')).toThrow(ImportError);
    expect(() => tokenize('ssh -i "x', 'sh')).toThrow(ImportError);
  });
});

describe('tokenizers on random input', () => {
  it('never throw anything but ImportError', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'ab -"\'\\^&|;<>()#%$2 \t=@:[]'.split('')) }),
        fc.constantFrom('cmd' as const, 'sh' as const),
        (line, dialect) => {
          try {
            tokenize(line, dialect);
          } catch (error) {
            if (!(error instanceof ImportError)) throw error;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
