import { describe, expect, it } from 'vitest';
import { expandBatchVariables } from '../../../main/core/migration/batch-vars';
import { cmdSlashC, programKind } from '../../../main/core/migration/launch';
import { redactSecrets } from '../../../main/core/migration/redact';
import { scriptCommands } from '../../../main/core/migration/script-commands';
import { splitWindowsArgs, unquotePath, windowsArgv } from '../../../main/core/migration/win-argv';

describe('Windows argument splitting (CommandLineToArgvW / C runtime rules)', () => {
  it.each([
    ['-i C:\\keys\\a.ppk  -N', ['-i', 'C:\\keys\\a.ppk', '-N']],
    ['-i "C:\\My Keys\\a.ppk" -N', ['-i', 'C:\\My Keys\\a.ppk', '-N']],
    ['"C:\\dir with space\\\\" next', ['C:\\dir with space\\', 'next']],
    ['a\\\\\\"b c', ['a\\"b', 'c']],
    ['"say ""hi"""', ['say "hi"']],
    ['x&y ^z %HOME%', ['x&y', '^z', '%HOME%']],
    ['\t', []],
    ['"unterminated quote', ['unterminated quote']],
  ])('%j', (line, argv) => {
    expect(windowsArgv(line)).toEqual(argv);
  });

  it('keeps where each argument starts and ends', () => {
    expect(splitWindowsArgs('a  "b c" d')).toEqual([
      { value: 'a', start: 0, end: 1 },
      { value: 'b c', start: 3, end: 8 },
      { value: 'd', start: 9, end: 10 },
    ]);
  });

  it('takes the quotes off a program path', () => {
    expect(unquotePath(' "C:\\Program Files\\PuTTY\\plink.exe" ')).toBe(
      'C:\\Program Files\\PuTTY\\plink.exe',
    );
    expect(unquotePath('plink.exe')).toBe('plink.exe');
  });
});

describe('what a program path is', () => {
  it.each([
    ['C:\\Program Files\\PuTTY\\plink.exe', 'plink'],
    ['"C:\\Program Files\\PuTTY\\PLINK.EXE"', 'plink'],
    ['putty', 'putty'],
    ['C:\\Windows\\System32\\OpenSSH\\ssh.exe', 'ssh'],
    ['/usr/bin/autossh', 'ssh'],
    ['%ProgramFiles%\\PuTTY\\pageant.exe', 'pageant'],
    ['C:\\Windows\\System32\\cmd.exe', 'cmd'],
    ['C:\\Tunnels\\tunnel.CMD', 'script'],
    ['rescale-tunnel.bat', 'script'],
    ['%windir%\\system32\\defrag.exe', 'other'],
  ])('%s is %s', (program, kind) => {
    expect(programKind(program)).toBe(kind);
  });
});

describe('cmd /c', () => {
  it.each([
    ['/c plink -N x@y', 'plink -N x@y'],
    ['/d /q /C start "Rescale" /min plink -N x@y', 'start "Rescale" /min plink -N x@y'],
    ['/c "C:\\Program Files\\Tunnels\\tunnel.bat"', '"C:\\Program Files\\Tunnels\\tunnel.bat"'],
    [
      '/c ""C:\\Program Files\\PuTTY\\plink.exe" -N x@y"',
      '"C:\\Program Files\\PuTTY\\plink.exe" -N x@y',
    ],
    ['/s /c "C:\\Program Files\\Tunnels\\tunnel.bat"', 'C:\\Program Files\\Tunnels\\tunnel.bat'],
    ['/k plink -N x@y', 'plink -N x@y'],
  ])('%s runs %s', (args, line) => {
    expect(cmdSlashC(args)).toBe(line);
  });

  it('is nothing without /c or /k', () => {
    expect(cmdSlashC('/q')).toBeUndefined();
    expect(cmdSlashC('tunnel.bat')).toBeUndefined();
  });
});

describe('batch variables', () => {
  it('expands set NAME=value, set "NAME=value" and %~dp0, and leaves the environment alone', () => {
    const text = [
      '@echo off',
      'set PLINK="C:\\Program Files\\PuTTY\\plink.exe"',
      'set "KEY=%~dp0keys\\rescale.ppk"',
      'set Host=clp.tunnel.example.com',
      '%PLINK% -i "%key%" rescale@%HOST% -R 4085:licsrv:4085 -N -l %USERNAME% 100%%',
    ].join('\n');
    expect(expandBatchVariables(text, 'C:\\Tunnels\\start.bat').split('\n')[4]).toBe(
      '"C:\\Program Files\\PuTTY\\plink.exe" -i "C:\\Tunnels\\keys\\rescale.ppk" rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -N -l %USERNAME% 100%%',
    );
  });

  it('ignores set /a and set /p, and keeps %~dp0 when the path is unknown', () => {
    expect(expandBatchVariables('set /a N=1+1\nset /p P=Password:\necho %N% %P% %~dp0')).toBe(
      'set /a N=1+1\nset /p P=Password:\necho %N% %P% %~dp0',
    );
  });
});

describe('passwords on command lines', () => {
  it.each([
    ['plink -pw Sup3rS3cret! x@y -N', 'plink -pw *** x@y -N'],
    ['plink -ssh -pw "with space" x@y', 'plink -ssh -pw *** x@y'],
    ['plink x@y -PW abc', 'plink x@y -PW ***'],
    ['plink -pwfile C:\\pw.txt x@y', 'plink -pwfile C:\\pw.txt x@y'],
  ])('%s → %s', (line, shown) => {
    expect(redactSecrets(line)).toBe(shown);
  });
});

describe('the commands of a batch file', () => {
  it('strips start "title" /min, call and cmd /c, and re-quotes the arguments', () => {
    const text = [
      '@echo off',
      'REM start "x" plink',
      'start "" /min "C:\\Program Files\\PuTTY\\pageant.exe" C:\\keys\\a.ppk "C:\\My Keys\\b.ppk"',
      'call C:\\Tunnels\\other.bat arg & cmd /c putty -load "Rescale"',
      'plink -N ^',
      '  x@y > "%TEMP%\\log.txt" 2>&1',
    ].join('\n');
    expect(scriptCommands(text)).toEqual([
      { program: 'echo', args: 'off', line: 1 },
      {
        program: 'C:\\Program Files\\PuTTY\\pageant.exe',
        args: 'C:\\keys\\a.ppk "C:\\My Keys\\b.ppk"',
        line: 3,
        title: '',
      },
      { program: 'C:\\Tunnels\\other.bat', args: 'arg', line: 4 },
      { program: 'putty', args: '-load Rescale', line: 4 },
      { program: 'plink', args: '-N x@y', line: 5 },
    ]);
  });
});
