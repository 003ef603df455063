import { describe, expect, it } from 'vitest';
import {
  appleScriptString,
  createElevator,
  elevationCommand,
  elevationResult,
  psQuote,
  shQuote,
  windowsElevationScript,
} from '../../main/app/elevate';
import type { RunResult } from '../../main/core/engine/boot';

const WIN_EXE = 'C:\\Users\\John Doe\\AppData\\Local\\Programs\\Tunnelkeeper\\Tunnelkeeper.exe';
const WIN_CONFIG = 'C:\\Users\\John Doe\\AppData\\Roaming\\Tunnelkeeper\\config.json';
const MAC_EXE = '/Applications/Tunnel Keeper.app/Contents/MacOS/Tunnelkeeper';

const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf16le');

describe('elevation command lines', () => {
  it('Windows: Windows PowerShell by its full path runs Start-Process -Verb RunAs -Wait -PassThru', () => {
    const { command, args } = elevationCommand(
      'win32',
      WIN_EXE,
      ['--tunnelkeeper-engine-install', '--config', WIN_CONFIG, '--user', 'PC\\john'],
      { SystemRoot: 'C:\\WINDOWS' },
    );
    expect(command).toBe('C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    expect(args.slice(0, 4)).toEqual([
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-EncodedCommand',
    ]);
    expect(args).toHaveLength(5);
    expect(decode(args[4]!)).toBe(
      [
        "$ErrorActionPreference = 'Stop'",
        '$cancelled = (New-Object System.ComponentModel.Win32Exception 1223).Message',
        'try {',
        // One -ArgumentList string, each argument quoted as CommandLineToArgvW reads it back.
        "  $process = Start-Process -FilePath 'C:\\Users\\John Doe\\AppData\\Local\\Programs\\Tunnelkeeper\\Tunnelkeeper.exe' -ArgumentList '--tunnelkeeper-engine-install --config \"C:\\Users\\John Doe\\AppData\\Roaming\\Tunnelkeeper\\config.json\" --user PC\\john' -Verb RunAs -Wait -PassThru",
        '} catch {',
        '  if ($_.Exception.Message.Contains($cancelled)) { exit 1223 }',
        '  [Console]::Error.WriteLine($_.Exception.Message)',
        '  exit 1',
        '}',
        'exit $process.ExitCode',
      ].join('\n'),
    );
  });

  it("Windows: a quote in a path cannot end PowerShell's string", () => {
    expect(psQuote("C:\\Users\\O'Brien\\x.exe")).toBe("'C:\\Users\\O''Brien\\x.exe'");
    // PowerShell also ends single-quoted strings at the typographic quotes.
    expect(psQuote('a\u2019b')).toBe("'a\u2019\u2019b'");
    expect(
      windowsElevationScript("C:\\O'Brien\\T.exe", ['--config', "C:\\O'Brien\\c.json"]),
    ).toContain("-FilePath 'C:\\O''Brien\\T.exe' -ArgumentList '--config C:\\O''Brien\\c.json'");
  });

  it('Linux: pkexec with the program and its arguments, no shell', () => {
    expect(
      elevationCommand('linux', '/opt/Tunnel Keeper/tunnelkeeper', [
        '--no-sandbox',
        '--tunnelkeeper-engine-install',
        '--config',
        '/home/john doe/.config/Tunnelkeeper/config.json',
      ]),
    ).toEqual({
      command: 'pkexec',
      args: [
        '/opt/Tunnel Keeper/tunnelkeeper',
        '--no-sandbox',
        '--tunnelkeeper-engine-install',
        '--config',
        '/home/john doe/.config/Tunnelkeeper/config.json',
      ],
    });
  });

  it('macOS: osascript do shell script … with administrator privileges, each word sh-quoted', () => {
    const config = '/Users/john/Library/Application Support/Tunnelkeeper/config.json';
    expect(
      elevationCommand('darwin', MAC_EXE, ['--tunnelkeeper-engine-install', '--config', config]),
    ).toEqual({
      command: '/usr/bin/osascript',
      args: [
        '-e',
        `do shell script "'/Applications/Tunnel Keeper.app/Contents/MacOS/Tunnelkeeper' '--tunnelkeeper-engine-install' '--config' '/Users/john/Library/Application Support/Tunnelkeeper/config.json'" with administrator privileges`,
      ],
    });
  });

  it('macOS: quotes, backslashes and $ survive both sh and AppleScript', () => {
    expect(shQuote("it's $HOME")).toBe("'it'\\''s $HOME'");
    expect(appleScriptString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
    const { args } = elevationCommand('darwin', '/Apps/"Q".app/x', ["it's"]);
    expect(args[1]).toBe(
      `do shell script "'/Apps/\\"Q\\".app/x' 'it'\\\\''s'" with administrator privileges`,
    );
  });
});

const ran = (code: number, stderr = ''): RunResult => ({ code, stdout: '', stderr });

describe('how the elevated run ended', () => {
  it.each([
    ['win32', ran(0), { outcome: 'ok' }],
    ['win32', ran(1223), { outcome: 'cancelled' }],
    ['win32', ran(1, 'boom'), { outcome: 'failed', exitCode: 1, detail: 'boom' }],
    ['linux', ran(0), { outcome: 'ok' }],
    ['linux', ran(126), { outcome: 'cancelled' }],
    [
      'linux',
      ran(127, 'Error executing command as another user: Not authorized'),
      {
        outcome: 'failed',
        exitCode: 127,
        detail: 'Error executing command as another user: Not authorized',
      },
    ],
    ['linux', ran(1), { outcome: 'failed', exitCode: 1, detail: '' }],
    ['darwin', ran(0), { outcome: 'ok' }],
    ['darwin', ran(1, '0:106: execution error: User canceled. (-128)\n'), { outcome: 'cancelled' }],
    [
      'darwin',
      ran(1, '0:120: execution error: error: boom (1)\n'),
      { outcome: 'failed', exitCode: 1, detail: '0:120: execution error: error: boom (1)' },
    ],
  ] as const)('%s exit %o', (platform, result, expected) => {
    expect(elevationResult(platform, result)).toEqual(expected);
  });

  it('the Elevator runs the command line through the seam and maps its result', async () => {
    const calls: string[][] = [];
    const elevator = createElevator('linux', async (command, args) => {
      calls.push([command, ...args]);
      return ran(126);
    });
    expect(await elevator.run('/opt/Tunnelkeeper/tunnelkeeper', ['--x'])).toEqual({
      outcome: 'cancelled',
    });
    expect(calls).toEqual([['pkexec', '/opt/Tunnelkeeper/tunnelkeeper', '--x']]);
  });
});
