import { describe, expect, it } from 'vitest';
import { disableRunner, scanForMigration } from '../../../main/core/migration/scan';
import {
  COMMON_STARTUP,
  fixture,
  fixtureSeam,
  IMPORT_OPTIONS,
  RESCALE,
  startupItem,
  USER_STARTUP,
} from './helpers';

const scan = (seam = fixtureSeam()) =>
  scanForMigration({ seam, profiles: [RESCALE()], importOptions: IMPORT_OPTIONS });

describe('scanForMigration', () => {
  it('finds every runner of the machine, enabled or not, with what it duplicates', async () => {
    const result = await scan();
    expect(
      result.runners.map((r) => [
        r.kind,
        r.location,
        r.enabled,
        r.matches.map((m) => `${m.profileId}: ${m.forwards.map((f) => f.spec).join(', ')}`),
        r.sameServer,
      ]),
    ).toEqual([
      ['task', '\\plink tunnel', true, ['rescale: -R 4085:licsrv:4085'], []],
      ['task', '\\Tunnels\\Old Rescale tunnel', false, ['rescale: -R 4085:licsrv:4085'], []],
      [
        'task',
        '\\Tunnels\\Rescale tunnel (script)',
        true,
        ['rescale: -R 4085:licsrv:4085, -R 27000:abqlic:27000'],
        [],
      ],
      ['task', '\\Tunnels\\Other proxy', true, [], []],
      ['task', '\\Tunnels\\Pageant with tunnel', true, [], ['rescale']],
      [
        'startup-script',
        `${USER_STARTUP}\\Rescale tunnel.bat`,
        true,
        ['rescale: -R 4085:licsrv:4085'],
        [],
      ],
      [
        'startup-shortcut',
        `${COMMON_STARTUP}\\Rescale plink.lnk`,
        true,
        ['rescale: -R 4085:licsrv:4085'],
        [],
      ],
    ]);
    expect(result.problems).toEqual([]);
  });

  it("proposes profiles whose ids are unique against the config's and each other's", async () => {
    const ids = (await scan()).runners.flatMap((r) => r.profiles.map((p) => p.id));
    expect(ids).toEqual([
      'plink-tunnel',
      'old-rescale-tunnel',
      'rescale-tunnel-script',
      'other-proxy',
      'pageant-with-tunnel',
      'rescale-tunnel',
      'rescale-plink',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("collects Pageant's keys with where they come from", async () => {
    expect((await scan()).pageantKeys).toEqual([
      {
        path: 'C:\\keys\\star.ppk',
        encrypted: true,
        from: '\\Tunnels\\Pageant with tunnel',
        fromKind: 'task',
        enabled: true,
      },
      {
        path: 'C:\\keys\\a.ppk',
        encrypted: false,
        from: `${USER_STARTUP}\\Pageant.lnk`,
        fromKind: 'startup-shortcut',
        enabled: true,
      },
      {
        path: 'C:\\Users\\admin\\My Keys\\b.ppk',
        encrypted: false,
        from: `${USER_STARTUP}\\Pageant.lnk`,
        fromKind: 'startup-shortcut',
        enabled: true,
      },
    ]);
  });

  it('goes on past an unreadable item, a damaged shortcut and a missing script, each a problem line', async () => {
    const seam = fixtureSeam({
      files: {},
      startup: [
        startupItem('user', 'Locked.lnk', { error: 'EACCES: permission denied' }),
        startupItem('user', 'Damaged.lnk', fixture('startup/Pageant.lnk').subarray(0, 60)),
        startupItem('common', 'Rescale plink.lnk', fixture('startup/Rescale plink.lnk')),
      ],
    });
    const result = await scan(seam);
    expect(result.problems).toEqual([
      {
        where: '\\Tunnels\\Rescale tunnel (script)',
        message:
          "cannot read the script C:\\Tunnels\\rescale-tunnel.bat: ENOENT: no such file or directory, open 'C:\\Tunnels\\rescale-tunnel.bat'",
      },
      {
        where: `${USER_STARTUP}\\Locked.lnk`,
        message: 'cannot read Locked.lnk: EACCES: permission denied',
      },
      {
        where: `${USER_STARTUP}\\Damaged.lnk`,
        message:
          'not a readable shortcut: the file has 60 bytes, fewer than the 76-byte ShellLinkHeader: it is not a shell link or was cut short',
      },
    ]);
    expect(result.runners.map((r) => r.location)).toEqual([
      '\\plink tunnel',
      '\\Tunnels\\Old Rescale tunnel',
      '\\Tunnels\\Other proxy',
      '\\Tunnels\\Pageant with tunnel',
      `${COMMON_STARTUP}\\Rescale plink.lnk`,
    ]);
  });

  it("skips Windows' own tasks (no problem lines about their scripts)", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-16"?>
<Tasks>
  <!-- \\Microsoft\\Windows\\Servicing\\Cleanup -->
  <Task><Actions><Exec><Command>%windir%\\servicing\\cleanup.cmd</Command></Exec></Actions></Task>
  <!-- \\Admin\\cleanup -->
  <Task><Actions><Exec><Command>C:\\Scripts\\cleanup.cmd</Command></Exec></Actions></Task>
</Tasks>`;
    const result = await scan(fixtureSeam({ tasksXml: Buffer.from(xml, 'utf8'), startup: [] }));
    expect(result).toEqual({
      runners: [],
      pageantKeys: [],
      problems: [
        {
          where: '\\Admin\\cleanup',
          message:
            "cannot read the script C:\\Scripts\\cleanup.cmd: ENOENT: no such file or directory, open 'C:\\Scripts\\cleanup.cmd'",
        },
      ],
    });
  });

  it('reports a task list schtasks cannot give, and still reads the Startup folders', async () => {
    const result = await scan(
      fixtureSeam({
        tasksXml: new Error('schtasks /query failed (exit 1): ERROR: Access is denied.'),
      }),
    );
    expect(result.problems).toEqual([
      {
        where: 'Task Scheduler',
        message:
          'the task list could not be read: schtasks /query failed (exit 1): ERROR: Access is denied.',
      },
    ]);
    expect(result.runners.map((r) => r.kind)).toEqual(['startup-script', 'startup-shortcut']);
    const garbage = await scan(
      fixtureSeam({
        tasksXml: Buffer.from('ERROR: The system cannot find the path specified.\r\n'),
      }),
    );
    expect(garbage.problems).toEqual([
      {
        where: 'Task Scheduler',
        message:
          'the task list could not be read: not readable as task XML: line 1: text outside of any element',
      },
    ]);
  });
});

describe('disableRunner', () => {
  it('disables a task through the seam and says how to enable it again', async () => {
    const seam = fixtureSeam();
    const runner = (await scan(seam)).runners[0]!;
    expect(await disableRunner(runner, seam)).toEqual({
      changed: true,
      undo: 'The task \\plink tunnel was disabled, not deleted. To undo, enable it again in Task Scheduler or run: schtasks /change /tn "\\plink tunnel" /enable',
      undoCommand: 'schtasks /change /tn "\\plink tunnel" /enable',
    });
    expect(seam.disabledTasks).toEqual(['\\plink tunnel']);
    expect(seam.calls.filter((c) => c.startsWith('disable'))).toEqual([
      'disableTask \\plink tunnel',
    ]);
  });

  it('renames a Startup item (never deletes it) and says how to rename it back; a rescan sees it disabled', async () => {
    const seam = fixtureSeam();
    const runner = (await scan(seam)).runners.find((r) => r.kind === 'startup-shortcut')!;
    const before = seam.items.map((i) => i.bytes);
    const from = `${COMMON_STARTUP}\\Rescale plink.lnk`;
    const to = `${from}.disabled-by-tunnelkeeper`;
    expect(await disableRunner(runner, seam)).toEqual({
      changed: true,
      undo: `${from} was renamed to ${to}, not deleted. To undo, rename it back to Rescale plink.lnk, or run: ren "${to}" "Rescale plink.lnk"`,
      undoCommand: `ren "${to}" "Rescale plink.lnk"`,
    });
    expect(seam.calls.filter((c) => c.startsWith('disable'))).toEqual([
      `disableStartupItem ${from}`,
    ]);
    // Nothing deleted: the same items, the same bytes, one of them under its new name.
    expect(seam.items.map((i) => i.bytes)).toEqual(before);
    expect(seam.items.map((i) => i.name)).toEqual([
      'Pageant.lnk',
      'Rescale tunnel.bat',
      'Rescale plink.lnk.disabled-by-tunnelkeeper',
    ]);
    const again = (await scan(seam)).runners.find((r) => r.kind === 'startup-shortcut')!;
    expect([again.name, again.location, again.enabled]).toEqual(['Rescale plink.lnk', to, false]);
    expect(await disableRunner(again, seam)).toEqual({
      changed: false,
      undo: `${to} is already disabled; nothing was changed. To enable it again, run: ren "${to}" "Rescale plink.lnk"`,
      undoCommand: `ren "${to}" "Rescale plink.lnk"`,
    });
    expect(seam.calls.filter((c) => c.startsWith('disable'))).toHaveLength(1);
  });

  it('leaves a disabled task alone, and passes on what schtasks refuses', async () => {
    const seam = fixtureSeam({
      refuseTasks: { '\\Tunnels\\Other proxy': 'ERROR: Access is denied.' },
    });
    const { runners } = await scan(seam);
    const old = runners.find((r) => r.location === '\\Tunnels\\Old Rescale tunnel')!;
    expect(await disableRunner(old, seam)).toMatchObject({
      changed: false,
      undoCommand: 'schtasks /change /tn "\\Tunnels\\Old Rescale tunnel" /enable',
    });
    const other = runners.find((r) => r.location === '\\Tunnels\\Other proxy')!;
    await expect(disableRunner(other, seam)).rejects.toThrow(
      'schtasks could not disable \\Tunnels\\Other proxy (exit 1): ERROR: Access is denied.',
    );
    expect(seam.disabledTasks).toEqual([]);
  });
});
