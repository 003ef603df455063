import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  DISABLED_SUFFIX,
  startupUndo,
  taskUndo,
  type MigrationSeam,
  type StartupFolder,
  type StartupItem,
} from './seam';

/**
 * The real MigrationSeam on Windows: schtasks.exe for tasks
 * (https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/schtasks-query,
 * https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/schtasks-change)
 * and the file system for the two Startup folders
 * (https://learn.microsoft.com/en-us/windows/win32/shell/knownfolderid: FOLDERID_Startup is
 * %APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup, FOLDERID_CommonStartup is
 * %ProgramData%\Microsoft\Windows\Start Menu\Programs\StartUp).
 *
 * Programs run without a shell and without a window (windowsHide), with stdin closed: schtasks
 * asks for a password on the console for some changes, and a question nobody can answer must
 * fail at once instead of hanging the scan. schtasks is taken from %SystemRoot%\System32 so that
 * a `schtasks.exe` elsewhere on PATH is never run.
 */
export interface RunOutput {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export type RunProgram = (program: string, args: readonly string[]) => Promise<RunOutput>;

export interface WindowsSeamOptions {
  env?: NodeJS.ProcessEnv;
  /** Replaces process execution (tests). */
  run?: RunProgram;
}

/** Larger files are not shortcuts or tunnel scripts (the importer's own limit). */
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const RUN_TIMEOUT_MS = 60_000;

const runProgram: RunProgram = (program, args) =>
  new Promise((resolve) => {
    const child = execFile(
      program,
      [...args],
      {
        windowsHide: true,
        encoding: 'buffer',
        maxBuffer: 256 * 1024 * 1024,
        timeout: RUN_TIMEOUT_MS,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const text = stderr.toString('utf8').trim() || stdout.toString('utf8').trim();
        resolve({ code, stdout, stderr: error && !text ? error.message : text });
      },
    );
    child.stdin?.end();
  });

export function startupFolders(env: NodeJS.ProcessEnv): { folder: StartupFolder; dir: string }[] {
  const tail = ['Microsoft', 'Windows', 'Start Menu', 'Programs'];
  const out: { folder: StartupFolder; dir: string }[] = [];
  if (env.APPDATA) out.push({ folder: 'user', dir: path.join(env.APPDATA, ...tail, 'Startup') });
  const common = env.ProgramData ?? env.PROGRAMDATA ?? env.ALLUSERSPROFILE;
  if (common) out.push({ folder: 'common', dir: path.join(common, ...tail, 'StartUp') });
  return out;
}

function schtasksPath(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir;
  return root ? path.join(root, 'System32', 'schtasks.exe') : 'schtasks';
}

async function readLimited(file: string): Promise<Buffer> {
  const stat = await fs.stat(file);
  if (!stat.isFile()) throw new Error(`${file} is not a file`);
  if (stat.size > MAX_FILE_BYTES)
    throw new Error(`${file} is too large (${stat.size} bytes) to be a shortcut or a script`);
  return fs.readFile(file);
}

/** `%NAME%` from the environment; Windows variable names are case-insensitive. */
export function expandEnv(text: string, env: NodeJS.ProcessEnv): string {
  return text.replace(/%([^%\s]+)%/g, (whole, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined ? (env[key] ?? whole) : whole;
  });
}

const exists = (file: string): Promise<boolean> =>
  fs.lstat(file).then(
    () => true,
    () => false,
  );

export function windowsMigrationSeam(options: WindowsSeamOptions = {}): MigrationSeam {
  const env = options.env ?? process.env;
  const run = options.run ?? runProgram;
  const schtasks = schtasksPath(env);
  return {
    async listScheduledTasks() {
      const out = await run(schtasks, ['/query', '/xml', 'ONE']);
      if (out.code !== 0)
        throw new Error(`schtasks /query failed (exit ${out.code}): ${out.stderr || 'no message'}`);
      return out.stdout;
    },
    async disableTask(taskPath) {
      const out = await run(schtasks, ['/change', '/tn', taskPath, '/disable']);
      if (out.code !== 0) {
        const denied = /access is denied/i.test(out.stderr)
          ? ' (changing a task of another account or of SYSTEM needs Tunnelkeeper to run as an administrator)'
          : '';
        throw new Error(
          `schtasks could not disable ${taskPath} (exit ${out.code}): ${out.stderr || 'no message'}${denied}`,
        );
      }
      return taskUndo(taskPath);
    },
    async listStartupFolder() {
      const items: StartupItem[] = [];
      for (const { folder, dir } of startupFolders(env)) {
        const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
          // desktop.ini describes the folder itself; folders in Startup are not started.
          if (!entry.isFile() || entry.name.toLowerCase() === 'desktop.ini') continue;
          const file = path.join(dir, entry.name);
          try {
            items.push({ name: entry.name, path: file, folder, bytes: await readLimited(file) });
          } catch (error) {
            items.push({ name: entry.name, path: file, folder, error: (error as Error).message });
          }
        }
      }
      return items;
    },
    async disableStartupItem(file) {
      if (!(await exists(file))) throw new Error(`${file} does not exist: nothing was renamed`);
      // Never over an existing file: fs.rename would replace it (MoveFileEx REPLACE_EXISTING).
      let target = `${file}${DISABLED_SUFFIX}`;
      for (let n = 2; await exists(target); n++) target = `${file}${DISABLED_SUFFIX}-${n}`;
      await fs.rename(file, target);
      return startupUndo(file, target);
    },
    // A task's script path may be written with variables (%USERPROFILE%\tunnel.bat), which
    // Task Scheduler expands from the environment when it runs.
    readFile: (file) => readLimited(expandEnv(file, env)),
  };
}
