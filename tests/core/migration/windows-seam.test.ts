import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { windowsMigrationSeam, type RunOutput } from '../../../main/core/migration/windows-seam';
import { fixture } from './helpers';

/** The real seam, with programs replaced by a recorder and the Startup folders in a temp dir. */
let root: string;
let env: NodeJS.ProcessEnv;
let userDir: string;
let commonDir: string;
const runs: string[][] = [];
let answer: RunOutput;

function seam() {
  return windowsMigrationSeam({
    env,
    run: async (program, args) => {
      runs.push([program, ...args]);
      return answer;
    },
  });
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tk-migration-'));
  env = {
    APPDATA: path.join(root, 'Roaming'),
    ProgramData: path.join(root, 'ProgramData'),
    SystemRoot: path.join(root, 'Windows'),
    TUNNELS: path.join(root, 'Tunnels'),
  };
  userDir = path.join(root, 'Roaming', 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup');
  commonDir = path.join(
    root,
    'ProgramData',
    'Microsoft',
    'Windows',
    'Start Menu',
    'Programs',
    'StartUp',
  );
  runs.length = 0;
  answer = { code: 0, stdout: Buffer.alloc(0), stderr: '' };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the Windows seam', () => {
  it('runs schtasks from System32 to list every task as XML, and returns its bytes as they are', async () => {
    answer = { code: 0, stdout: fixture('all-tasks-one.xml'), stderr: '' };
    const bytes = await seam().listScheduledTasks();
    expect(bytes.equals(fixture('all-tasks-one.xml'))).toBe(true);
    expect(runs).toEqual([
      [path.join(root, 'Windows', 'System32', 'schtasks.exe'), '/query', '/xml', 'ONE'],
    ]);
  });

  it('disables a task with schtasks /change /tn <path> /disable and gives the undo', async () => {
    expect(await seam().disableTask('\\Tunnels\\plink tunnel')).toEqual({
      undo: 'The task \\Tunnels\\plink tunnel was disabled, not deleted. To undo, enable it again in Task Scheduler or run: schtasks /change /tn "\\Tunnels\\plink tunnel" /enable',
      undoCommand: 'schtasks /change /tn "\\Tunnels\\plink tunnel" /enable',
    });
    expect(runs.map((r) => r.slice(1))).toEqual([
      ['/change', '/tn', '\\Tunnels\\plink tunnel', '/disable'],
    ]);
  });

  it('says why schtasks refused, with a hint when it needs an administrator', async () => {
    answer = { code: 1, stdout: Buffer.alloc(0), stderr: 'ERROR: Access is denied.' };
    await expect(seam().disableTask('\\plink tunnel')).rejects.toThrow(
      'schtasks could not disable \\plink tunnel (exit 1): ERROR: Access is denied. (changing a task of another account or of SYSTEM needs Tunnelkeeper to run as an administrator)',
    );
    await expect(seam().listScheduledTasks()).rejects.toThrow(
      'schtasks /query failed (exit 1): ERROR: Access is denied.',
    );
  });

  it('lists both Startup folders with their bytes; skips desktop.ini and folders; a missing folder is empty', async () => {
    mkdirSync(userDir, { recursive: true });
    writeFileSync(path.join(userDir, 'Rescale plink.lnk'), fixture('startup/Rescale plink.lnk'));
    writeFileSync(path.join(userDir, 'desktop.ini'), '[.ShellClassInfo]');
    mkdirSync(path.join(userDir, 'old'));
    expect(
      (await seam().listStartupFolder()).map((i) => [i.folder, i.name, i.path, i.bytes?.length]),
    ).toEqual([['user', 'Rescale plink.lnk', path.join(userDir, 'Rescale plink.lnk'), 800]]);
    mkdirSync(commonDir, { recursive: true });
    writeFileSync(
      path.join(commonDir, 'Rescale tunnel.bat'),
      fixture('startup/Rescale tunnel.bat'),
    );
    expect((await seam().listStartupFolder()).map((i) => [i.folder, i.name])).toEqual([
      ['user', 'Rescale plink.lnk'],
      ['common', 'Rescale tunnel.bat'],
    ]);
  });

  it('renames a Startup item, never deletes it, never over another file, and says how to rename it back', async () => {
    mkdirSync(userDir, { recursive: true });
    const file = path.join(userDir, 'Rescale plink.lnk');
    writeFileSync(file, fixture('startup/Rescale plink.lnk'));
    writeFileSync(`${file}.disabled-by-tunnelkeeper`, 'an older copy');
    const result = await seam().disableStartupItem(file);
    const to = `${file}.disabled-by-tunnelkeeper-2`;
    expect(result).toEqual({
      undo: `${file} was renamed to ${to}, not deleted. To undo, rename it back to Rescale plink.lnk, or run: ren "${to}" "Rescale plink.lnk"`,
      undoCommand: `ren "${to}" "Rescale plink.lnk"`,
    });
    expect(readdirSync(userDir).sort()).toEqual([
      'Rescale plink.lnk.disabled-by-tunnelkeeper',
      'Rescale plink.lnk.disabled-by-tunnelkeeper-2',
    ]);
    expect(readFileSync(to).equals(fixture('startup/Rescale plink.lnk'))).toBe(true);
    expect(readFileSync(`${file}.disabled-by-tunnelkeeper`, 'utf8')).toBe('an older copy');
    await expect(seam().disableStartupItem(file)).rejects.toThrow(
      `${file} does not exist: nothing was renamed`,
    );
  });

  it('reads a script a task starts, with %VARIABLES% from the environment', async () => {
    mkdirSync(path.join(root, 'Tunnels'));
    writeFileSync(path.join(root, 'Tunnels', 'tunnel.bat'), 'plink x@y -R 1:a:1');
    const bytes = await seam().readFile!(`%tunnels%${path.sep}tunnel.bat`);
    expect(bytes.toString()).toBe('plink x@y -R 1:a:1');
  });
});
