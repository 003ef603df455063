import { describe, expect, it } from 'vitest';
import {
  bootServiceStatus,
  installEngine,
  uninstallEngine,
  type BootRequest,
} from '../../../../main/core/engine/boot';
import { FakeBootSystem } from '../../../helpers/fake-boot-system';

/**
 * `BootRequest.command`: the service runs a given program (the desktop app's binary as the
 * engine) in place of node and the CLI bundle, and nothing is copied.
 */
const UNIT = '/etc/systemd/system/tunnelkeeper-engine.service';
const PLIST = '/Library/LaunchDaemons/com.tunnelkeeper.engine.plist';
const WIN_STABLE = 'C:\\ProgramData\\Tunnelkeeper\\engine';
const XML = `${WIN_STABLE}\\tunnelkeeper-engine.xml`;

const NSIS_EXE = 'C:\\Users\\John Doe\\AppData\\Local\\Programs\\Tunnelkeeper\\Tunnelkeeper.exe';
const WIN_CONFIG = 'C:\\Users\\John Doe\\AppData\\Roaming\\Tunnelkeeper\\config.json';

const windows: BootRequest = {
  platform: 'windows',
  dryRun: false,
  configPath: WIN_CONFIG,
  user: 'PC\\John Doe',
  command: { program: NSIS_EXE, args: ['--tunnelkeeper-engine', '--config', WIN_CONFIG] },
  env: { ProgramData: 'C:\\ProgramData' },
};
const linux: BootRequest = {
  platform: 'linux',
  dryRun: false,
  configPath: '/home/john/.config/Tunnelkeeper/config.json',
  user: 'john',
  command: {
    program: '/opt/Tunnelkeeper/tunnelkeeper',
    args: [
      '--ozone-platform=headless',
      '--tunnelkeeper-engine',
      '--config',
      '/home/john/.config/Tunnelkeeper/config.json',
    ],
  },
};
const macos: BootRequest = {
  platform: 'macos',
  dryRun: false,
  configPath: '/Users/john/Library/Application Support/Tunnelkeeper/config.json',
  user: 'john',
  command: {
    program: '/Applications/Tunnelkeeper.app/Contents/MacOS/Tunnelkeeper',
    args: [
      '--tunnelkeeper-engine',
      '--config',
      '/Users/john/Library/Application Support/Tunnelkeeper/config.json',
    ],
  },
};

const xmlOf = (fake: FakeBootSystem) =>
  Buffer.from(fake.files.get(XML) as Uint8Array)
    .subarray(2)
    .toString('utf16le');

describe('a boot service that runs a given command', () => {
  it('Windows: the task runs the app exe in place, as the user (S4U), and nothing is copied', async () => {
    const fake = new FakeBootSystem('windows');
    const plan = await installEngine(windows, fake);
    expect(fake.log).toEqual([
      'run: schtasks /Query /V /FO CSV',
      `write: ${XML}`,
      `run: icacls ${WIN_STABLE} /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /Q`,
      `run: schtasks /Create /TN Tunnelkeeper\\Engine /XML ${XML} /F`,
      'run: schtasks /Run /TN Tunnelkeeper\\Engine',
    ]);
    const xml = xmlOf(fake);
    expect(xml).toContain(`<Command>${NSIS_EXE}</Command>`);
    expect(xml).toContain(`<Arguments>--tunnelkeeper-engine --config "${WIN_CONFIG}"</Arguments>`);
    expect(xml).toContain('<UserId>PC\\John Doe</UserId>');
    expect(xml).toContain('<LogonType>S4U</LogonType>');
    expect(xml).toContain(
      '<WorkingDirectory>C:\\Users\\John Doe\\AppData\\Roaming\\Tunnelkeeper</WorkingDirectory>',
    );
    expect(plan.notes.join('\n')).not.toMatch(/versioned/);
  });

  it('Windows: a Squirrel app-1.2.3 exe is used as it is, with a note that an update breaks it', async () => {
    const squirrel = 'C:\\Users\\john\\AppData\\Local\\tunnelkeeper\\app-1.2.3\\Tunnelkeeper.exe';
    const fake = new FakeBootSystem('windows');
    const plan = await installEngine(
      { ...windows, command: { program: squirrel, args: ['--tunnelkeeper-engine'] } },
      fake,
    );
    expect(fake.log.filter((line) => line.startsWith('copy:'))).toEqual([]);
    expect(xmlOf(fake)).toContain(`<Command>${squirrel}</Command>`);
    expect(plan.notes).toContainEqual(
      expect.stringMatching(/app-1\.2\.3\\Tunnelkeeper\.exe is in a versioned folder/),
    );
  });

  it("Linux: the unit's ExecStart is the app binary and its arguments, User= the user", async () => {
    const fake = new FakeBootSystem('linux');
    await installEngine(linux, fake);
    expect(fake.log).toEqual([
      `write: ${UNIT} (644)`,
      'run: systemctl daemon-reload',
      'run: systemctl enable --now tunnelkeeper-engine.service',
    ]);
    const unit = fake.text(UNIT);
    expect(unit).toContain(
      'ExecStart=/opt/Tunnelkeeper/tunnelkeeper --ozone-platform=headless --tunnelkeeper-engine --config /home/john/.config/Tunnelkeeper/config.json\n',
    );
    expect(unit).toContain('User=john\n');
  });

  it('a copy an earlier CLI install left in the stable folder is removed: the service no longer runs it', async () => {
    const fake = new FakeBootSystem('linux', {
      '/usr/local/lib/tunnelkeeper/tunnelkeeper.cjs': 'old copy',
    });
    await installEngine(linux, fake);
    expect(fake.log[0]).toBe('remove: /usr/local/lib/tunnelkeeper');
  });

  it('macOS: the daemon runs the binary inside the .app with UserName', async () => {
    const fake = new FakeBootSystem('macos');
    await installEngine(macos, fake);
    const plist = fake.text(PLIST);
    expect(plist).toContain(
      '    <string>/Applications/Tunnelkeeper.app/Contents/MacOS/Tunnelkeeper</string>\n    <string>--tunnelkeeper-engine</string>',
    );
    expect(plist).toContain('<key>UserName</key>\n  <string>john</string>');
  });

  it('uninstall removes what install wrote', async () => {
    const fake = new FakeBootSystem('linux', { [UNIT]: 'unit' });
    await uninstallEngine(linux, fake);
    expect(fake.log).toEqual([
      'run: systemctl disable --now tunnelkeeper-engine.service',
      `remove: ${UNIT}`,
      'run: systemctl daemon-reload',
    ]);
  });

  it('a request with neither a command nor node and the bundle is refused', async () => {
    const fake = new FakeBootSystem('linux');
    const { command: _, ...without } = linux;
    await expect(installEngine(without, fake)).rejects.toThrow(/needs a command/);
    expect(fake.log).toEqual([]);
  });
});

describe('the status, asked without rights', () => {
  it('Windows: schtasks /Query /TN for the task; exit 0 is installed', async () => {
    const fake = new FakeBootSystem('windows');
    fake.privileged = false;
    expect(await bootServiceStatus(fake)).toEqual({
      platform: 'windows',
      installed: true,
      privileged: false,
    });
    expect(fake.log).toEqual(['run: schtasks /Query /TN Tunnelkeeper\\Engine']);
    fake.respond(() => ({ code: 1, stdout: '', stderr: 'ERROR: The system cannot find the file' }));
    expect((await bootServiceStatus(fake)).installed).toBe(false);
  });

  it('Linux: systemctl is-enabled; a disabled or missing unit is not installed', async () => {
    const fake = new FakeBootSystem('linux');
    expect(await bootServiceStatus(fake)).toEqual({
      platform: 'linux',
      installed: true,
      privileged: true,
    });
    expect(fake.log).toEqual(['run: systemctl is-enabled tunnelkeeper-engine.service']);
    fake.respond(() => ({ code: 1, stdout: 'disabled\n', stderr: '' }));
    expect((await bootServiceStatus(fake)).installed).toBe(false);
  });

  it('macOS: the plist in /Library/LaunchDaemons, no program run', async () => {
    const fake = new FakeBootSystem('macos');
    expect((await bootServiceStatus(fake)).installed).toBe(false);
    fake.files.set(PLIST, 'plist');
    expect((await bootServiceStatus(fake)).installed).toBe(true);
    expect(fake.log).toEqual([]);
  });

  it('an OS without a boot service: nothing installed, nothing run', async () => {
    const fake = new FakeBootSystem(null);
    expect(await bootServiceStatus(fake)).toEqual({
      platform: null,
      installed: false,
      privileged: true,
    });
    expect(fake.log).toEqual([]);
  });
});
