import { describe, expect, it } from 'vitest';
import { resolveLaunch, type LaunchContext } from '../../../main/core/migration/launch';
import { runnerFromStartupItem, runnerFromTask } from '../../../main/core/migration/runners';
import { parseTaskXml } from '../../../main/core/migration/task-xml';
import { fixture, IMPORT_OPTIONS, startupItem, USER_STARTUP } from './helpers';
import { buildLnk } from './lnk-builder';

const PLINK = 'C:\\Program Files\\PuTTY\\plink.exe';

function ctx(files: Record<string, string | Buffer> = {}): LaunchContext {
  return {
    readFile: async (p) => {
      const hit = Object.entries(files).find(([k]) => k.toLowerCase() === p.toLowerCase());
      if (!hit) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return Buffer.from(hit[1]);
    },
    importOptions: IMPORT_OPTIONS,
    taken: new Set(['rescale']),
  };
}

const forwards = (r: { profiles: { forwards: { type: string; bindPort: number }[] }[] }) =>
  r.profiles.map((p) => p.forwards.map((f) => `${f.type} ${f.bindPort}`));

describe('following a launch to the tunnel', () => {
  it('imports plink started directly, named after its task, with the arguments as Windows splits them', async () => {
    const r = await resolveLaunch(
      {
        program: `"${PLINK}"`,
        args: '-ssh -P 2222 -i "C:\\My Keys\\id.ppk" admin@lic.example.com -R 27000:abqlic:27000 -N -batch',
        name: 'Abaqus tunnel',
      },
      ctx(),
    );
    expect(r.startsSsh).toBe(true);
    expect(r.profiles.map((p) => [p.id, p.name, p.user, p.host, p.port, p.auth.keyFile])).toEqual([
      ['abaqus-tunnel', 'Abaqus tunnel', 'admin', 'lic.example.com', 2222, 'C:\\My Keys\\id.ppk'],
    ]);
    expect(r.tunnelCommands).toEqual([
      `"${PLINK}" -ssh -P 2222 -i "C:\\My Keys\\id.ppk" admin@lic.example.com -R 27000:abqlic:27000 -N -batch`,
    ]);
  });

  it('never shows a -pw password, and never stores it', async () => {
    const r = await resolveLaunch(
      {
        program: 'plink.exe',
        args: '-pw Sup3rS3cret! backup@proxy2.example.com -R 1999:starlic:1999 -N',
      },
      ctx(),
    );
    expect(JSON.stringify(r)).not.toContain('Sup3rS3cret');
    expect(r.tunnelCommands).toEqual([
      'plink.exe -pw *** backup@proxy2.example.com -R 1999:starlic:1999 -N',
    ]);
    expect(r.warnings.map((w) => w.code)).toContain('password-refused');
  });

  it('follows cmd /c start "title" plink …', async () => {
    const r = await resolveLaunch(
      {
        program: 'C:\\Windows\\System32\\cmd.exe',
        args: `/c start "Rescale" /min "${PLINK}" -ssh rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -N`,
      },
      ctx(),
    );
    expect(r.via).toEqual(['cmd']);
    expect(r.profiles.map((p) => p.name)).toEqual(['Rescale']);
    expect(forwards(r)).toEqual([['remote 4085']]);
  });

  it('reads a script through the seam, relative to the working directory, with its variables', async () => {
    const script = [
      '@echo off',
      'set PLINK="C:\\Program Files\\PuTTY\\plink.exe"',
      '%PLINK% -i %~dp0keys\\rescale.ppk rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -N -batch',
    ].join('\r\n');
    const r = await resolveLaunch(
      { program: 'tunnel.bat', args: '', workingDir: 'C:\\Tunnels', name: 'Tunnel task' },
      ctx({ 'C:\\Tunnels\\tunnel.bat': script }),
    );
    expect(r.via).toEqual(['script']);
    expect(r.profiles.map((p) => [p.name, p.auth.keyFile])).toEqual([
      ['Tunnel task', 'C:\\Tunnels\\keys\\rescale.ppk'],
    ]);
    expect(r.warnings).toEqual([]);
    expect(r.tunnelCommands).toEqual([
      '"C:\\Program Files\\PuTTY\\plink.exe" -i C:\\Tunnels\\keys\\rescale.ppk rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -N -batch',
    ]);
  });

  it('follows Pageant -c, and Pageant and PuTTY inside a script', async () => {
    const script = [
      '@echo off',
      'start "" "C:\\Program Files\\PuTTY\\pageant.exe" C:\\keys\\a.ppk',
      'start "Abaqus" putty.exe -ssh admin@lic.example.com -R 27000:abqlic:27000',
    ].join('\r\n');
    const r = await resolveLaunch(
      {
        program: 'pageant.exe',
        args: '--encrypted C:\\keys\\b.ppk -c C:\\Tunnels\\start.bat',
      },
      ctx({ 'C:\\Tunnels\\start.bat': script }),
    );
    expect(r.via).toEqual(['pageant', 'script']);
    expect(r.pageantKeys).toEqual([
      { path: 'C:\\keys\\b.ppk', encrypted: true },
      { path: 'C:\\keys\\a.ppk', encrypted: false },
    ]);
    expect(r.profiles.map((p) => [p.name, p.host])).toEqual([['Abaqus', 'lic.example.com']]);
  });

  it('keeps plink -load (no host on the command line) with a warning, and says which script it could not read', async () => {
    const load = await resolveLaunch({ program: 'plink', args: '-load "Rescale" -N' }, ctx());
    expect(load.startsSsh).toBe(true);
    expect(load.profiles).toEqual([]);
    expect(load.warnings.map((w) => w.code)).toEqual([
      'option-not-applied',
      'key-from-agent',
      'no-host',
    ]);
    const missing = await resolveLaunch({ program: 'C:\\gone\\tunnel.cmd', args: '' }, ctx());
    expect(missing.problems).toEqual([
      "cannot read the script C:\\gone\\tunnel.cmd: ENOENT: no such file or directory, open 'C:\\gone\\tunnel.cmd'",
    ]);
  });
});

describe('runners', () => {
  it('a task that starts plink is a runner; one that starts defrag is not', async () => {
    const [defrag, plink] = parseTaskXml(fixture('all-tasks-one.xml'));
    expect((await runnerFromTask(defrag!, ctx())).runner).toBeUndefined();
    const found = await runnerFromTask(plink!, ctx());
    expect(found.problems).toEqual([]);
    expect(found.runner).toMatchObject({
      kind: 'task',
      name: 'plink tunnel',
      location: '\\plink tunnel',
      enabled: true,
      command:
        '"C:\\Program Files\\PuTTY\\plink.exe" -ssh -i C:\\Users\\admin\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -R 4084:licsrv:4084 -N -batch',
      task: {
        runsWhenLoggedOff: true,
        logonType: 'Password',
        triggers: [{ kind: 'boot', enabled: true }],
      },
    });
    expect(forwards(found.runner!)).toEqual([['remote 4085', 'remote 4084']]);
  });

  it('a Startup batch file is a runner named by its start "title"', async () => {
    const found = await runnerFromStartupItem(
      startupItem('user', 'Rescale tunnel.bat', fixture('startup/Rescale tunnel.bat')),
      ctx(),
    );
    expect(found.runner).toMatchObject({
      kind: 'startup-script',
      name: 'Rescale tunnel.bat',
      location: `${USER_STARTUP}\\Rescale tunnel.bat`,
      enabled: true,
      startupFolder: 'user',
      tunnelCommands: [
        'start "Rescale tunnel" "C:\\Program Files\\PuTTY\\plink.exe" -ssh -i C:\\Users\\admin\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:licsrv:4085 -R 4084:licsrv:4084 -N -batch',
      ],
    });
    expect(found.runner?.profiles.map((p) => [p.id, p.name, p.auth.keyFile])).toEqual([
      ['rescale-tunnel', 'Rescale tunnel', 'C:\\Users\\admin\\.ssh\\id_rsa.ppk'],
    ]);
  });

  it('an item renamed by Tunnelkeeper is still found, and reported disabled', async () => {
    const found = await runnerFromStartupItem(
      startupItem(
        'common',
        'Rescale plink.lnk.disabled-by-tunnelkeeper',
        fixture('startup/Rescale plink.lnk'),
      ),
      ctx(),
    );
    expect(found.runner).toMatchObject({
      kind: 'startup-shortcut',
      name: 'Rescale plink.lnk',
      enabled: false,
    });
  });

  it('the Pageant shortcut gives keys, not a runner; an interactive PuTTY session is not a tunnel', async () => {
    const pageant = await runnerFromStartupItem(
      startupItem('user', 'Pageant.lnk', fixture('startup/Pageant.lnk')),
      ctx(),
    );
    expect(pageant.runner).toBeUndefined();
    expect(pageant.pageantKeys.map((k) => k.path)).toEqual([
      'C:\\keys\\a.ppk',
      'C:\\Users\\admin\\My Keys\\b.ppk',
    ]);
    const session = buildLnk({
      target: 'C:\\Program Files\\PuTTY\\putty.exe',
      arguments: '-ssh admin@router',
    });
    expect(
      (await runnerFromStartupItem(startupItem('user', 'Router.lnk', session), ctx())).runner,
    ).toBeUndefined();
  });

  it('a damaged shortcut or an unreadable item is a problem, other files are ignored', async () => {
    const cut = fixture('startup/Rescale plink.lnk').subarray(0, 100);
    expect(await runnerFromStartupItem(startupItem('user', 'Cut.lnk', cut), ctx())).toEqual({
      pageantKeys: [],
      problems: [
        {
          where: `${USER_STARTUP}\\Cut.lnk`,
          message:
            'not a readable shortcut: the file ends inside the LinkTargetIDList (241 bytes needed at offset 78, the file has 100)',
        },
      ],
    });
    expect(
      await runnerFromStartupItem(
        startupItem('user', 'Locked.bat', { error: 'EBUSY: resource busy or locked' }),
        ctx(),
      ),
    ).toEqual({
      pageantKeys: [],
      problems: [
        {
          where: `${USER_STARTUP}\\Locked.bat`,
          message: 'cannot read Locked.bat: EBUSY: resource busy or locked',
        },
      ],
    });
    expect(
      await runnerFromStartupItem(
        startupItem('user', 'notes.txt', Buffer.from('plink x@y -R 1:a:1')),
        ctx(),
      ),
    ).toEqual({
      pageantKeys: [],
      problems: [],
    });
  });
});
