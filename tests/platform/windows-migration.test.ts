import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../main/core/config/profile';
import {
  disableRunner,
  scanForMigration,
  windowsMigrationSeam,
} from '../../main/core/migration/index';

/**
 * Windows only (platforms.yml on windows-latest, an elevated runner): the PuTTY migration's seam
 * against the real Task Scheduler and a Startup folder — a plink task and a Startup batch file
 * that run the profile's tunnel are found, disabled (never deleted) and enabled again by the
 * undo the window shows. The parsing itself is tested on Linux with real-format fixtures.
 */
const FOLDER = `Tunnelkeeper-migration-test-${process.pid}`;
const TASK = `\\${FOLDER}\\plink tunnel`;
const PLINK = 'C:\\Program Files\\PuTTY\\plink.exe';
const TUNNEL = '-ssh -batch -N rescale@clp.tunnel.example.com -R 4085:licsrv:4085';
const appData = mkdtempSync(path.join(os.tmpdir(), 'tk-appdata-'));
const startup = path.join(appData, 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup');

function schtasks(...args: string[]) {
  return spawnSync('schtasks', args, { encoding: 'utf8', windowsHide: true });
}

afterAll(() => {
  schtasks('/Delete', '/TN', TASK, '/F');
  rmSync(appData, { recursive: true, force: true });
});

const profile = ProfileSchema.parse({
  id: 'rescale',
  name: 'Rescale',
  host: 'clp.tunnel.example.com',
  user: 'rescale',
  forwards: [
    { id: 'R4085', type: 'remote', bindPort: 4085, targetHost: 'licsrv', targetPort: 4085 },
  ],
});

describe('migration from PuTTY, on Windows', () => {
  it('runs on Windows', () => {
    expect(process.platform).toBe('win32');
  });

  it('finds the plink task and the Startup batch file, disables both, and the undo works', async () => {
    const created = schtasks(
      '/Create',
      '/TN',
      TASK,
      '/TR',
      `"${PLINK}" ${TUNNEL}`,
      '/SC',
      'ONSTART',
      '/RU',
      'SYSTEM',
      '/F',
    );
    expect(created.status, created.stderr).toBe(0);
    mkdirSync(startup, { recursive: true });
    writeFileSync(
      path.join(startup, 'rescale-tunnel.bat'),
      `@echo off\r\nstart "Rescale tunnel" "${PLINK}" ${TUNNEL}\r\n`,
    );
    // Only the user's Startup folder is the test's (APPDATA); the machine's stays as it is.
    const seam = windowsMigrationSeam({ env: { ...process.env, APPDATA: appData } });

    const scan = await scanForMigration({ seam, profiles: [profile] });
    const task = scan.runners.find((r) => r.kind === 'task' && r.location === TASK);
    const batch = scan.runners.find((r) => r.kind === 'startup-script');
    expect(task, JSON.stringify(scan.problems)).toBeDefined();
    expect(task).toMatchObject({ enabled: true });
    expect(task!.matches.map((m) => m.profileId)).toEqual(['rescale']);
    expect(batch?.matches.map((m) => m.profileId)).toEqual(['rescale']);

    const undoTask = await disableRunner(task!, seam);
    await disableRunner(batch!, seam);
    const after = await scanForMigration({ seam, profiles: [profile] });
    expect(after.runners.find((r) => r.location === TASK)?.enabled).toBe(false);
    // Renamed aside, not deleted.
    expect(readdirSync(startup)).toEqual(['rescale-tunnel.bat.disabled-by-tunnelkeeper']);

    // The undo the window shows for the task, run as written.
    const undone = spawnSync(undoTask.undoCommand, {
      shell: true,
      encoding: 'utf8',
      windowsHide: true,
    });
    expect(undone.status, undone.stderr).toBe(0);
    const again = await scanForMigration({ seam, profiles: [profile] });
    expect(again.runners.find((r) => r.location === TASK)?.enabled).toBe(true);
  });
});
