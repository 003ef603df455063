import { describe, expect, it } from 'vitest';
import {
  BootError,
  installEngine,
  uninstallEngine,
  type BootRequest,
} from '../../../../main/core/engine/boot';
import { FakeBootSystem } from '../../../helpers/fake-boot-system';

const UNIT = '/etc/systemd/system/tunnelkeeper-engine.service';
const PLIST = '/Library/LaunchDaemons/com.tunnelkeeper.engine.plist';
const XML = 'C:\\ProgramData\\Tunnelkeeper\\engine\\tunnelkeeper-engine.xml';
const WIN_STABLE = 'C:\\ProgramData\\Tunnelkeeper\\engine';

const linux: BootRequest = {
  platform: 'linux',
  dryRun: false,
  configPath: '/etc/tunnelkeeper/config.json',
  nodePath: '/usr/bin/node',
  bundlePath: '/usr/lib/node_modules/tunnelkeeper/out/cli/tunnelkeeper.cjs',
};
const macos: BootRequest = {
  ...linux,
  platform: 'macos',
  nodePath: '/usr/local/bin/node',
  bundlePath: '/usr/local/lib/node_modules/tunnelkeeper/out/cli/tunnelkeeper.cjs',
};
const windows: BootRequest = {
  platform: 'windows',
  dryRun: false,
  configPath: 'C:\\ProgramData\\Tunnelkeeper\\config.json',
  nodePath: 'C:\\Program Files\\nodejs\\node.exe',
  bundlePath: 'C:\\Program Files\\nodejs\\node_modules\\tunnelkeeper\\out\\cli\\tunnelkeeper.cjs',
  env: { ProgramData: 'C:\\ProgramData', ProgramFiles: 'C:\\Program Files' },
};

/** What the old `export --to systemd` wrote for profile ssh-tunnel-1 (commit 45e531d). */
const OLD_UNIT = `# Tunnelkeeper profile: ssh tunnel
[Unit]
Description=Tunnelkeeper tunnel ssh tunnel
[Service]
ExecStart=/usr/bin/node --single-threaded-gc /opt/tk/bin/tunnelkeeper.cjs up --config /etc/tk/config.json --profile ssh-tunnel-1
Restart=on-failure
`;
const OLD_PLIST = `<plist version="1.0"><dict><key>Label</key><string>com.tunnelkeeper.ssh-tunnel-1</string>
<key>ProgramArguments</key><array><string>/usr/local/bin/node</string><string>/opt/tk/bin/tunnelkeeper.cjs</string>
<string>up</string><string>--config</string><string>/etc/tk/config.json</string><string>--profile</string><string>ssh-tunnel-1</string></array></dict></plist>`;

/** `schtasks /Query /V /FO CSV` with the columns Windows prints (header repeated per folder). */
function schtasksCsv(rows: { name: string; run: string; comment?: string }[]): string {
  const header =
    '"HostName","TaskName","Next Run Time","Status","Logon Mode","Last Run Time","Last Result","Author","Task To Run","Start In","Comment","Scheduled Task State"';
  const line = (r: { name: string; run: string; comment?: string }) =>
    [
      'HOST',
      r.name,
      'N/A',
      'Ready',
      'Interactive/Background',
      'N/A',
      '0',
      'HOST\\admin',
      r.run,
      'N/A',
      r.comment ?? 'N/A',
      'Enabled',
    ]
      .map((f) => `"${f.replace(/"/g, '""')}"`)
      .join(',');
  return ['', header, ...rows.map(line), '', header].join('\r\n');
}

describe('engine install on Linux (systemd)', () => {
  it('writes the unit, reloads systemd and enables it now: exactly these steps', async () => {
    const fake = new FakeBootSystem('linux');
    const plan = await installEngine(linux, fake);
    expect(fake.log).toEqual([
      `write: ${UNIT} (644)`,
      'run: systemctl daemon-reload',
      'run: systemctl enable --now tunnelkeeper-engine.service',
    ]);
    expect(fake.text(UNIT)).toMatch(
      /^ExecStart=\/usr\/bin\/node --single-threaded-gc \/usr\/lib\/node_modules\/tunnelkeeper\/out\/cli\/tunnelkeeper\.cjs engine run --config \/etc\/tunnelkeeper\/config\.json$/m,
    );
    expect(plan.notes).toEqual([]);
  });

  it("replaces the old export's per-profile units (only those) and an engine already installed", async () => {
    const fake = new FakeBootSystem('linux', {
      '/etc/systemd/system/tunnelkeeper-ssh-tunnel-1.service': OLD_UNIT,
      '/etc/systemd/system/tunnelkeeper-backup.service':
        '[Service]\nExecStart=/usr/local/bin/tunnelkeeper-backup up --profile nightly-but-not-ours\n',
      '/etc/systemd/system/sshd.service': '[Service]\nExecStart=/usr/sbin/sshd -D\n',
      [UNIT]: '[Service]\nExecStart=/usr/bin/node old-engine\n',
    });
    const plan = await installEngine({ ...linux, user: 'licadmin' }, fake);
    expect(fake.log).toEqual([
      'run: systemctl disable --now tunnelkeeper-ssh-tunnel-1.service',
      'remove: /etc/systemd/system/tunnelkeeper-ssh-tunnel-1.service',
      'run: systemctl stop tunnelkeeper-engine.service',
      `write: ${UNIT} (644)`,
      'run: systemctl daemon-reload',
      'run: systemctl enable --now tunnelkeeper-engine.service',
    ]);
    expect(fake.text(UNIT)).toMatch(/^User=licadmin$/m);
    expect(fake.files.has('/etc/systemd/system/tunnelkeeper-backup.service')).toBe(true);
    expect(plan.notes.join('\n')).toMatch(
      /tunnelkeeper-ssh-tunnel-1\.service was written by an earlier `tunnelkeeper export`/,
    );
  });

  it('uninstall: disables it now, removes the unit and the copy of the CLI, reloads', async () => {
    const fake = new FakeBootSystem('linux', {
      [UNIT]: 'unit',
      '/usr/local/lib/tunnelkeeper/tunnelkeeper.cjs': 'bundle',
    });
    await uninstallEngine(linux, fake);
    expect(fake.log).toEqual([
      'run: systemctl disable --now tunnelkeeper-engine.service',
      `remove: ${UNIT}`,
      'run: systemctl daemon-reload',
      'remove: /usr/local/lib/tunnelkeeper',
    ]);
    const again = new FakeBootSystem('linux');
    const plan = await uninstallEngine(linux, again);
    expect(again.log).toEqual([]);
    expect(plan.notes).toEqual(["the engine's boot service is not installed: nothing to do"]);
  });
});

describe('a versioned install path is copied to the stable folder', () => {
  const root = '/home/ann/.nvm/versions/node/v20.19.0/lib/node_modules/tunnelkeeper';
  const nm = `${root}/node_modules`;
  const files = {
    [`${root}/out/cli/tunnelkeeper.cjs`]:
      'var a = require("node:fs"), b = require("commander"), c = require("ssh2/lib/protocol/constants.js"), d = require("path");',
    [`${root}/out/cli/tunnelkeeper.cjs.map`]: '{}',
    [`${nm}/commander/package.json`]: '{"name":"commander"}',
    [`${nm}/ssh2/package.json`]:
      '{"name":"ssh2","dependencies":{"asn1":"1","bcrypt-pbkdf":"1"},"optionalDependencies":{"cpu-features":"1","nan":"2"}}',
    // nested in ssh2: comes with it
    [`${nm}/ssh2/node_modules/asn1/package.json`]:
      '{"name":"asn1","dependencies":{"safer-buffer":"2"}}',
    [`${nm}/safer-buffer/package.json`]: '{"name":"safer-buffer"}',
    [`${nm}/bcrypt-pbkdf/package.json`]: '{"name":"bcrypt-pbkdf","dependencies":{"tweetnacl":"0"}}',
    [`${nm}/tweetnacl/package.json`]: '{"name":"tweetnacl"}',
    [`${nm}/cpu-features/package.json`]: '{"name":"cpu-features"}',
    // nan (optional) is not installed: skipped
  };
  const request: BootRequest = {
    ...linux,
    nodePath: '/home/ann/.nvm/versions/node/v20.19.0/bin/node',
    bundlePath: `${root}/out/cli/tunnelkeeper.cjs`,
  };

  it('copies the bundle and the packages it requires, and the unit runs the copy', async () => {
    const fake = new FakeBootSystem('linux', {
      ...files,
      '/usr/local/lib/tunnelkeeper/tunnelkeeper.cjs': 'the copy of an earlier install',
    });
    const plan = await installEngine(request, fake);
    const stable = '/usr/local/lib/tunnelkeeper';
    expect(fake.log).toEqual([
      `remove: ${stable}`,
      `write: ${UNIT} (644)`,
      `copy: ${root}/out/cli/tunnelkeeper.cjs -> ${stable}/tunnelkeeper.cjs`,
      `copy: ${root}/out/cli/tunnelkeeper.cjs.map -> ${stable}/tunnelkeeper.cjs.map`,
      `copy: ${nm}/bcrypt-pbkdf -> ${stable}/node_modules/bcrypt-pbkdf`,
      `copy: ${nm}/commander -> ${stable}/node_modules/commander`,
      `copy: ${nm}/cpu-features -> ${stable}/node_modules/cpu-features`,
      `copy: ${nm}/safer-buffer -> ${stable}/node_modules/safer-buffer`,
      `copy: ${nm}/ssh2 -> ${stable}/node_modules/ssh2`,
      `copy: ${nm}/tweetnacl -> ${stable}/node_modules/tweetnacl`,
      'run: systemctl daemon-reload',
      'run: systemctl enable --now tunnelkeeper-engine.service',
    ]);
    expect(fake.files.has(`${stable}/node_modules/ssh2/node_modules/asn1/package.json`)).toBe(true);
    expect(fake.text(UNIT)).toContain(
      `ExecStart=/home/ann/.nvm/versions/node/v20.19.0/bin/node --single-threaded-gc ${stable}/tunnelkeeper.cjs engine run`,
    );
    const notes = plan.notes.join('\n');
    expect(notes).toMatch(/versioned folder that an update removes: the service runs a copy/);
    // nvm's node has no stable link: kept, and said.
    expect(notes).toMatch(/node is .*v20\.19\.0.*run `tunnelkeeper engine install` again/);
  });

  it('a missing required package stops the install before anything changes', async () => {
    const { [`${nm}/tweetnacl/package.json`]: _gone, ...broken } = files;
    const fake = new FakeBootSystem('linux', broken);
    await expect(installEngine(request, fake)).rejects.toThrow(/"tweetnacl"/);
    expect(fake.log).toEqual([]);
  });

  it("macOS: Homebrew's versioned node is replaced by its stable link, Squirrel's app-1.2.3 is copied", async () => {
    const fake = new FakeBootSystem('macos', {
      '/Users/ann/app-1.2.3/out/cli/tunnelkeeper.cjs': 'require("commander")',
      '/Users/ann/app-1.2.3/node_modules/commander/package.json': '{}',
      '/opt/homebrew/bin/node': 'link',
    }).link('/opt/homebrew/bin/node', '/opt/homebrew/Cellar/node/20.19.0/bin/node');
    await installEngine(
      {
        ...macos,
        nodePath: '/opt/homebrew/Cellar/node/20.19.0/bin/node',
        bundlePath: '/Users/ann/app-1.2.3/out/cli/tunnelkeeper.cjs',
      },
      fake,
    );
    const stable = '/Library/Application Support/Tunnelkeeper';
    expect(fake.log).toEqual([
      `write: ${PLIST} (644)`,
      `copy: /Users/ann/app-1.2.3/out/cli/tunnelkeeper.cjs -> ${stable}/tunnelkeeper.cjs`,
      `copy: /Users/ann/app-1.2.3/node_modules/commander -> ${stable}/node_modules/commander`,
      `run: launchctl bootstrap system ${PLIST}`,
    ]);
    expect(fake.text(PLIST)).toContain(
      `<string>/opt/homebrew/bin/node</string>\n    <string>--single-threaded-gc</string>\n    <string>${stable}/tunnelkeeper.cjs</string>`,
    );
  });
});

describe('engine install on macOS (launchd)', () => {
  it("boots out and removes the old export's daemons, then bootstraps the engine's", async () => {
    const fake = new FakeBootSystem('macos', {
      '/Library/LaunchDaemons/com.tunnelkeeper.ssh-tunnel-1.plist': OLD_PLIST,
      '/Library/LaunchDaemons/com.example.other.plist': OLD_PLIST,
    });
    await installEngine({ ...macos, user: 'ann' }, fake);
    expect(fake.log).toEqual([
      'run: launchctl bootout system/com.tunnelkeeper.ssh-tunnel-1',
      'remove: /Library/LaunchDaemons/com.tunnelkeeper.ssh-tunnel-1.plist',
      `write: ${PLIST} (644)`,
      `run: launchctl bootstrap system ${PLIST}`,
    ]);
    expect(fake.text(PLIST)).toMatch(/<key>UserName<\/key>\s*<string>ann<\/string>/);
    expect(fake.text(PLIST)).toMatch(/<key>KeepAlive<\/key>\s*<true\/>/);
  });

  it('tries bootstrap again while launchd still tears down the job it replaced', async () => {
    let refusals = 1;
    const fake = new FakeBootSystem('macos', { [PLIST]: 'old' }).respond((command, args) =>
      command === 'launchctl' && args[0] === 'bootstrap' && refusals-- > 0
        ? { code: 5, stdout: '', stderr: 'Bootstrap failed: 5: Input/output error' }
        : undefined,
    );
    await installEngine(macos, fake, { sleep: () => Promise.resolve() });
    expect(fake.log).toEqual([
      'run: launchctl bootout system/com.tunnelkeeper.engine',
      `write: ${PLIST} (644)`,
      `run: launchctl bootstrap system ${PLIST}`,
      `run: launchctl bootstrap system ${PLIST}`,
    ]);
  });

  it('uninstall: boots it out and removes the plist', async () => {
    const fake = new FakeBootSystem('macos', { [PLIST]: 'plist' });
    await uninstallEngine(macos, fake);
    expect(fake.log).toEqual([
      'run: launchctl bootout system/com.tunnelkeeper.engine',
      `remove: ${PLIST}`,
    ]);
  });
});

describe('engine install on Windows (Task Scheduler)', () => {
  const tasks = schtasksCsv([
    {
      name: '\\Tunnelkeeper\\ssh-tunnel-1',
      run: '"C:\\Program Files\\nodejs\\node.exe" --single-threaded-gc C:\\tk\\bin\\tunnelkeeper.cjs up --config C:\\tk\\config.json --profile ssh-tunnel-1',
      comment: 'Tunnelkeeper tunnel ssh tunnel',
    },
    // A task the old export wrote, registered under a name of the admin's choosing.
    {
      name: '\\License tunnel',
      run: 'node C:\\tk\\bin\\tunnelkeeper.cjs up --config C:\\tk\\config.json --profile lic',
    },
    { name: '\\Tunnelkeeper\\Engine', run: 'node C:\\old\\tunnelkeeper.cjs engine run' },
    {
      name: '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag',
      run: '%windir%\\system32\\defrag.exe -c',
    },
    { name: '\\Backup', run: 'C:\\backup.exe up --profile x', comment: 'not ours' },
  ]);

  it('stops and deletes the old tasks, replaces the engine task, registers the UTF-16 XML as SYSTEM and starts it', async () => {
    const fake = new FakeBootSystem('windows', {
      [`${WIN_STABLE}\\tunnelkeeper-engine.xml`]: 'old xml',
    }).respond((command, args) =>
      command === 'schtasks' && args[0] === '/Query'
        ? { code: 0, stdout: tasks, stderr: '' }
        : undefined,
    );
    const plan = await installEngine(windows, fake);
    expect(fake.log).toEqual([
      'run: schtasks /Query /V /FO CSV',
      'run: schtasks /End /TN \\Tunnelkeeper\\ssh-tunnel-1',
      'run: schtasks /Delete /TN \\Tunnelkeeper\\ssh-tunnel-1 /F',
      'run: schtasks /End /TN \\License tunnel',
      'run: schtasks /Delete /TN \\License tunnel /F',
      'run: schtasks /End /TN Tunnelkeeper\\Engine',
      `remove: ${WIN_STABLE}`,
      `write: ${XML}`,
      `run: icacls ${WIN_STABLE} /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /Q`,
      `run: schtasks /Create /TN Tunnelkeeper\\Engine /XML ${XML} /RU SYSTEM /F`,
      'run: schtasks /Run /TN Tunnelkeeper\\Engine',
    ]);
    const bytes = Buffer.from(fake.files.get(XML) as Uint8Array);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const xml = bytes.subarray(2).toString('utf16le');
    expect(xml).toContain('<Command>C:\\Program Files\\nodejs\\node.exe</Command>');
    expect(xml).toContain(
      '<Arguments>--single-threaded-gc "C:\\Program Files\\nodejs\\node_modules\\tunnelkeeper\\out\\cli\\tunnelkeeper.cjs" engine run --config C:\\ProgramData\\Tunnelkeeper\\config.json</Arguments>',
    );
    expect(plan.notes.filter((n) => /earlier `tunnelkeeper export`/.test(n))).toHaveLength(2);
  });

  it('with --user: the XML carries the S4U principal and schtasks gets no /RU', async () => {
    const fake = new FakeBootSystem('windows');
    await installEngine({ ...windows, user: 'CORP\\licadmin' }, fake);
    expect(fake.log).toContain(`run: schtasks /Create /TN Tunnelkeeper\\Engine /XML ${XML} /F`);
    const xml = Buffer.from(fake.files.get(XML) as Uint8Array)
      .subarray(2)
      .toString('utf16le');
    expect(xml).toContain('<LogonType>S4U</LogonType>');
  });

  it('uninstall: ends and deletes the task, removes its folder (the XML and any copy)', async () => {
    const fake = new FakeBootSystem('windows', { [XML]: 'xml' }).respond((command, args) =>
      command === 'schtasks' && args[0] === '/Query'
        ? { code: 0, stdout: tasks, stderr: '' }
        : undefined,
    );
    await uninstallEngine(windows, fake);
    expect(fake.log).toEqual([
      'run: schtasks /Query /V /FO CSV',
      'run: schtasks /End /TN Tunnelkeeper\\Engine',
      'run: schtasks /Delete /TN Tunnelkeeper\\Engine /F',
      `remove: ${WIN_STABLE}`,
    ]);
  });
});

describe('--dry-run, rights and failures', () => {
  it('--dry-run writes, copies, removes and runs nothing (Windows: only the read-only query)', async () => {
    for (const [platform, request] of [
      ['linux', linux],
      ['macos', macos],
      ['windows', windows],
    ] as const) {
      const fake = new FakeBootSystem(platform, {
        [UNIT]: OLD_UNIT,
        '/etc/systemd/system/tunnelkeeper-ssh-tunnel-1.service': OLD_UNIT,
        '/Library/LaunchDaemons/com.tunnelkeeper.ssh-tunnel-1.plist': OLD_PLIST,
      });
      fake.privileged = false; // a dry run needs no rights
      const before = new Map(fake.files);
      const plan = await installEngine({ ...request, dryRun: true }, fake);
      expect(fake.log).toEqual(platform === 'windows' ? ['run: schtasks /Query /V /FO CSV'] : []);
      expect(fake.files).toEqual(before);
      expect(plan.steps.some((s) => s.kind === 'write')).toBe(true);
      await uninstallEngine({ ...request, dryRun: true }, fake);
      expect(fake.files).toEqual(before);
    }
  });

  it('without root / administrator rights: refused before anything is looked at or changed', async () => {
    for (const [request, rights] of [
      [linux, /needs root on Linux: run it with sudo/],
      [macos, /needs root on macOS: run it with sudo/],
      [windows, /needs administrator rights on Windows/],
    ] as const) {
      const fake = new FakeBootSystem(request.platform);
      fake.privileged = false;
      await expect(installEngine(request, fake)).rejects.toThrow(rights);
      await expect(uninstallEngine(request, fake)).rejects.toThrow(BootError);
      expect(fake.log).toEqual([]);
    }
  });

  it('another OS is only shown (--dry-run), never installed', async () => {
    const fake = new FakeBootSystem('linux');
    await expect(installEngine(windows, fake)).rejects.toThrow(/add --dry-run/);
    const plan = await installEngine({ ...windows, dryRun: true }, fake);
    expect(fake.log).toEqual([]);
    expect(
      plan.steps.map((s) => (s.kind === 'run' ? `${s.command} ${s.args[0]}` : s.kind)),
    ).toEqual([
      'write',
      'icacls C:\\ProgramData\\Tunnelkeeper\\engine',
      'schtasks /Create',
      'schtasks /Run',
    ]);
  });

  it('a failing command stops the install with its message; a failing stop is only a warning', async () => {
    const fake = new FakeBootSystem('linux', { [UNIT]: 'old' }).respond((command, args) =>
      args[0] === 'stop'
        ? { code: 5, stdout: '', stderr: 'Unit tunnelkeeper-engine.service not loaded.' }
        : args[0] === 'enable'
          ? { code: 1, stdout: '', stderr: 'Failed to enable unit: Access denied' }
          : undefined,
    );
    const warnings: string[] = [];
    await expect(
      installEngine(linux, fake, { onWarning: (w) => warnings.push(w) }),
    ).rejects.toThrow(
      'systemctl enable --now tunnelkeeper-engine.service failed (exit 1): Failed to enable unit: Access denied',
    );
    expect(warnings).toEqual([
      'systemctl stop tunnelkeeper-engine.service failed (exit 5): Unit tunnelkeeper-engine.service not loaded.',
    ]);
  });
});
