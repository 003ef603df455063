import path from 'node:path';
import { winQuote, type RunResult } from '../core/engine/boot';

/**
 * Running one program as administrator / root, after the OS asked the user. The app never runs
 * elevated itself: it starts its own binary elevated with a flag that does the one thing
 * (engine-boot.ts) and reads how it ended.
 */
export type ElevationResult =
  | { outcome: 'ok' }
  /** The user said no to the UAC, polkit or macOS prompt: nothing ran. */
  | { outcome: 'cancelled' }
  | { outcome: 'failed'; exitCode: number; detail: string };

/** The narrow seam the boot setting uses; the tests replace it with a fake. */
export interface Elevator {
  run(program: string, args: readonly string[]): Promise<ElevationResult>;
}

export type ElevationPlatform = 'win32' | 'linux' | 'darwin';

/** What is run, unelevated, to get `program args` run elevated. */
export interface ElevationCommand {
  command: string;
  args: string[];
}

/** Runs a program without a shell and waits (nodeBootSystem().run in the app). */
export type RunProgram = (command: string, args: readonly string[]) => Promise<RunResult>;

/** ShellExecute's ERROR_CANCELLED, which the Windows script exits with when UAC was refused. */
export const WINDOWS_CANCELLED = 1223;
/** pkexec: "the user dismissed the authentication dialog" (pkexec(1), RETURN VALUE). */
export const PKEXEC_DISMISSED = 126;

/** A PowerShell single-quoted string: only the quote (and its typographic forms) is doubled. */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/**
 * Windows: `Start-Process -Verb RunAs` shows the UAC prompt and `-Wait -PassThru` gives the
 * elevated process back with its ExitCode
 * (https://learn.microsoft.com/powershell/module/microsoft.powershell.management/start-process).
 * `-ArgumentList` gets one string already quoted by the CommandLineToArgvW rules: Start-Process
 * joins several with bare spaces, so a path with spaces would split. A refused prompt makes
 * Start-Process throw an InvalidOperationException whose message embeds the Win32 error's (the
 * error code itself is dropped: PowerShell's Process.cs, StartWithShellExecute); the message of
 * ERROR_CANCELLED in this Windows' language is compared, and the script exits 1223 for it.
 */
export function windowsElevationScript(program: string, args: readonly string[]): string {
  const argumentList = args.length ? ` -ArgumentList ${psQuote(args.map(winQuote).join(' '))}` : '';
  return [
    "$ErrorActionPreference = 'Stop'",
    `$cancelled = (New-Object System.ComponentModel.Win32Exception ${WINDOWS_CANCELLED}).Message`,
    'try {',
    `  $process = Start-Process -FilePath ${psQuote(program)}${argumentList} -Verb RunAs -Wait -PassThru`,
    '} catch {',
    `  if ($_.Exception.Message.Contains($cancelled)) { exit ${WINDOWS_CANCELLED} }`,
    '  [Console]::Error.WriteLine($_.Exception.Message)',
    '  exit 1',
    '}',
    'exit $process.ExitCode',
  ].join('\n');
}

/** POSIX sh: every word single-quoted. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** An AppleScript string literal (backslash and double quote escaped). */
export function appleScriptString(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * The command line per OS:
 * - Windows: Windows PowerShell (always installed, by its full path) runs the script above,
 *   handed over as -EncodedCommand (UTF-16LE base64), so no quoting of the command line matters;
 * - Linux: `pkexec <program> <args>`: polkit asks for an administrator's password and runs the
 *   program as root (https://www.freedesktop.org/software/polkit/docs/latest/pkexec.1.html);
 * - macOS: `osascript -e 'do shell script "<command>" with administrator privileges'`: the
 *   system asks for an administrator's password and runs the command as root with /bin/sh
 *   (https://developer.apple.com/library/archive/technotes/tn2065/_index.html).
 */
export function elevationCommand(
  platform: ElevationPlatform,
  program: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ElevationCommand {
  switch (platform) {
    case 'win32': {
      const script = windowsElevationScript(program, args);
      return {
        command: path.win32.join(
          env.SystemRoot ?? 'C:\\Windows',
          'System32',
          'WindowsPowerShell',
          'v1.0',
          'powershell.exe',
        ),
        args: [
          '-NoLogo',
          '-NoProfile',
          '-NonInteractive',
          '-EncodedCommand',
          Buffer.from(script, 'utf16le').toString('base64'),
        ],
      };
    }
    case 'linux':
      return { command: 'pkexec', args: [program, ...args] };
    case 'darwin': {
      const shell = [program, ...args].map(shQuote).join(' ');
      return {
        command: '/usr/bin/osascript',
        args: ['-e', `do shell script ${appleScriptString(shell)} with administrator privileges`],
      };
    }
  }
}

/** How the elevating command ended, per OS. */
export function elevationResult(platform: ElevationPlatform, result: RunResult): ElevationResult {
  if (result.code === 0) return { outcome: 'ok' };
  const detail = (result.stderr || result.stdout).trim();
  switch (platform) {
    case 'win32':
      if (result.code === WINDOWS_CANCELLED) return { outcome: 'cancelled' };
      break;
    case 'linux':
      if (result.code === PKEXEC_DISMISSED) return { outcome: 'cancelled' };
      break;
    case 'darwin': {
      // osascript exits 1 and ends its message with the error number: -128 is "User canceled";
      // a command that failed gives its own exit status there.
      const number = /\((-?\d+)\)\s*$/.exec(detail)?.[1];
      if (number === '-128') return { outcome: 'cancelled' };
      if (number && Number(number) > 0)
        return { outcome: 'failed', exitCode: Number(number), detail };
      break;
    }
  }
  return { outcome: 'failed', exitCode: result.code, detail };
}

export function createElevator(
  platform: ElevationPlatform,
  run: RunProgram,
  env: NodeJS.ProcessEnv = process.env,
): Elevator {
  return {
    async run(program, args) {
      const { command, args: commandArgs } = elevationCommand(platform, program, args, env);
      return elevationResult(platform, await run(command, commandArgs));
    },
  };
}
