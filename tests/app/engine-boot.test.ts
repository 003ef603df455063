import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ElevationResult, Elevator } from '../../main/app/elevate';
import {
  appBootRequest,
  appServiceCommand,
  bootInvocationArgs,
  createBootService,
  ENGINE_BOOT_FLAG,
  engineBootInvocation,
  performBootChange,
  serviceUser,
  type AppBinary,
} from '../../main/app/engine-boot';
import { ENGINE_FLAG, engineInvocation } from '../../main/app/engine-launch';
import { CodedError } from '../../main/app/errors';
import { FakeBootSystem } from '../helpers/fake-boot-system';

const NSIS_EXE = 'C:\\Users\\John Doe\\AppData\\Local\\Programs\\Tunnelkeeper\\Tunnelkeeper.exe';
const WIN_CONFIG = 'C:\\Users\\John Doe\\AppData\\Roaming\\Tunnelkeeper\\config.json';
const LINUX_CONFIG = '/home/john/.config/Tunnelkeeper/config.json';
const XML = 'C:\\ProgramData\\Tunnelkeeper\\engine\\tunnelkeeper-engine.xml';

const windowsApp: AppBinary = {
  platform: 'win32',
  execPath: NSIS_EXE,
  env: { ProgramData: 'C:\\ProgramData', USERDOMAIN: 'PC' },
};
const linuxApp: AppBinary = {
  platform: 'linux',
  execPath: '/opt/Tunnelkeeper/tunnelkeeper',
  env: {},
};

describe('what the boot service runs: the app binary as the engine', () => {
  it('Windows (NSIS per-user): the exe, ENGINE_FLAG and the config', () => {
    expect(appServiceCommand(windowsApp, WIN_CONFIG)).toEqual({
      program: NSIS_EXE,
      args: [ENGINE_FLAG, '--config', WIN_CONFIG],
    });
  });

  it('Linux: with the switches Electron needs without a display', () => {
    expect(appServiceCommand(linuxApp, LINUX_CONFIG)).toEqual({
      program: '/opt/Tunnelkeeper/tunnelkeeper',
      args: ['--ozone-platform=headless', '--disable-gpu', ENGINE_FLAG, '--config', LINUX_CONFIG],
    });
  });

  it('the AppImage and the portable exe themselves, not where they unpack to', () => {
    expect(
      appServiceCommand(
        {
          platform: 'linux',
          execPath: '/tmp/.mount_TunnelXyz/tunnelkeeper',
          env: { APPIMAGE: '/home/john/Apps/Tunnelkeeper.AppImage' },
        },
        LINUX_CONFIG,
      ).program,
    ).toBe('/home/john/Apps/Tunnelkeeper.AppImage');
    expect(
      appServiceCommand(
        {
          platform: 'win32',
          execPath: 'C:\\Users\\john\\AppData\\Local\\Temp\\2abc\\Tunnelkeeper.exe',
          env: { PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\Tunnelkeeper 1.0.0.exe' },
        },
        WIN_CONFIG,
      ).program,
    ).toBe('D:\\Tools\\Tunnelkeeper 1.0.0.exe');
  });

  it('in development: electron with the app folder first, as engine-launch does', () => {
    expect(
      appServiceCommand({ ...linuxApp, platform: 'darwin', appPath: '/src/tk' }, '/c.json').args,
    ).toEqual(['/src/tk', ENGINE_FLAG, '--config', '/c.json']);
  });

  it('the request: the command, the config and the signed-in user (domain-qualified on Windows)', () => {
    const user = serviceUser('win32', 'John Doe', windowsApp.env);
    expect(user).toBe('PC\\John Doe');
    expect(serviceUser('linux', 'john', { USERDOMAIN: 'X' })).toBe('john');
    expect(serviceUser('win32', 'john', {})).toBe('john');
    expect(appBootRequest(windowsApp, { configPath: WIN_CONFIG, user })).toEqual({
      platform: 'windows',
      dryRun: false,
      configPath: WIN_CONFIG,
      user: 'PC\\John Doe',
      command: { program: NSIS_EXE, args: [ENGINE_FLAG, '--config', WIN_CONFIG] },
      env: windowsApp.env,
    });
  });
});

describe('the elevated process: flags and work', () => {
  it('its arguments round-trip, and the engine route does not take them', () => {
    const args = bootInvocationArgs({
      configPath: WIN_CONFIG,
      user: 'PC\\John Doe',
      uninstall: true,
      report: 'C:\\Temp\\r.txt',
    });
    expect(args).toEqual([
      ENGINE_BOOT_FLAG,
      '--config',
      WIN_CONFIG,
      '--user',
      'PC\\John Doe',
      '--uninstall',
      '--report',
      'C:\\Temp\\r.txt',
    ]);
    const argv = [NSIS_EXE, ...args];
    expect(engineBootInvocation(argv)).toEqual({
      configPath: WIN_CONFIG,
      user: 'PC\\John Doe',
      uninstall: true,
      report: 'C:\\Temp\\r.txt',
    });
    expect(engineInvocation(argv)).toBeUndefined();
    expect(engineBootInvocation([NSIS_EXE, ENGINE_FLAG, '--config', WIN_CONFIG])).toBeUndefined();
    expect(engineBootInvocation([NSIS_EXE, ENGINE_BOOT_FLAG, '--config', '--user'])).toEqual({
      uninstall: false,
    });
  });

  it('installs the Windows task for the app exe as the user and says every step', async () => {
    const fake = new FakeBootSystem('windows');
    const lines: string[] = [];
    const code = await performBootChange(
      { configPath: WIN_CONFIG, user: 'PC\\John Doe', uninstall: false },
      windowsApp,
      fake,
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines).toContain(`run: schtasks /Create /TN Tunnelkeeper\\Engine /XML ${XML} /F`);
    const xml = Buffer.from(fake.files.get(XML) as Uint8Array)
      .subarray(2)
      .toString('utf16le');
    expect(xml).toContain(`<Command>${NSIS_EXE}</Command>`);
    expect(xml).toContain(`<Arguments>${ENGINE_FLAG} --config "${WIN_CONFIG}"</Arguments>`);
    expect(xml).toContain('<UserId>PC\\John Doe</UserId>');
  });

  it('a Squirrel app-1.2.3 exe is installed with a note that an update breaks it', async () => {
    const lines: string[] = [];
    await performBootChange(
      { configPath: WIN_CONFIG, user: 'john', uninstall: false },
      {
        ...windowsApp,
        execPath: 'C:\\Users\\john\\AppData\\Local\\tk\\app-1.2.3\\Tunnelkeeper.exe',
      },
      new FakeBootSystem('windows'),
      (line) => lines.push(line),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^note: .*app-1\.2\.3.* versioned folder/));
  });

  it('removes it with --uninstall', async () => {
    const fake = new FakeBootSystem('linux', {
      '/etc/systemd/system/tunnelkeeper-engine.service': 'x',
    });
    const code = await performBootChange(
      { configPath: LINUX_CONFIG, user: 'john', uninstall: true },
      linuxApp,
      fake,
      () => undefined,
    );
    expect(code).toBe(0);
    expect(fake.log).toContain('run: systemctl disable --now tunnelkeeper-engine.service');
  });

  it('exit 2 for missing or relative arguments, 1 without the rights; nothing changed', async () => {
    const fake = new FakeBootSystem('linux');
    const lines: string[] = [];
    const write = (line: string) => lines.push(line);
    expect(await performBootChange({ user: 'john' }, linuxApp, fake, write)).toBe(2);
    expect(
      await performBootChange({ configPath: 'c.json', user: 'j' }, linuxApp, fake, write),
    ).toBe(2);
    fake.privileged = false;
    expect(
      await performBootChange({ configPath: LINUX_CONFIG, user: 'john' }, linuxApp, fake, write),
    ).toBe(1);
    expect(lines.at(-1)).toMatch(/^error: installing the engine's boot service needs root/);
    expect(fake.log).toEqual([]);
  });
});

/** An Elevator that records what it was asked and plays the elevated process. */
class FakeElevator implements Elevator {
  readonly calls: { program: string; args: readonly string[] }[] = [];
  constructor(private readonly answer: (args: readonly string[]) => ElevationResult) {}
  async run(program: string, args: readonly string[]): Promise<ElevationResult> {
    this.calls.push({ program, args });
    return this.answer(args);
  }
}

/** A Windows machine whose task exists once `installed` is set. */
function windowsMachine() {
  const machine = { installed: false, fake: new FakeBootSystem('windows') };
  machine.fake.privileged = false;
  machine.fake.respond((command, args) =>
    command === 'schtasks' && args[0] === '/Query' && args[1] === '/TN'
      ? { code: machine.installed ? 0 : 1, stdout: '', stderr: '' }
      : undefined,
  );
  return machine;
}

function service(machine: ReturnType<typeof windowsMachine>, elevator: Elevator, logged: string[]) {
  return createBootService({
    system: machine.fake,
    elevator,
    binary: windowsApp,
    configPath: WIN_CONFIG,
    user: 'PC\\John Doe',
    log: (message) => logged.push(message),
    tempDir: mkdtempSync(path.join(os.tmpdir(), 'tk-boot-')),
  });
}

const reportOf = (args: readonly string[]) => args[args.indexOf('--report') + 1]!;

describe('the boot setting in the app', () => {
  it('status: installed or not, and that a change needs administrator rights', async () => {
    const machine = windowsMachine();
    const boot = service(machine, new FakeElevator(() => ({ outcome: 'ok' })), []);
    expect(await boot.status()).toEqual({
      installed: false,
      needsAdmin: true,
      platform: 'windows',
    });
    machine.installed = true;
    expect((await boot.status()).installed).toBe(true);
  });

  it('turning it on runs the app exe elevated with the install flag, the config and the user', async () => {
    const machine = windowsMachine();
    const logged: string[] = [];
    const elevator = new FakeElevator((args) => {
      writeFileSync(reportOf(args), 'note: something to know\n');
      machine.installed = true;
      return { outcome: 'ok' };
    });
    const boot = service(machine, elevator, logged);
    expect(await boot.setEnabled(true)).toEqual({
      installed: true,
      needsAdmin: true,
      platform: 'windows',
    });
    const [call] = elevator.calls;
    expect(call?.program).toBe(NSIS_EXE);
    const report = reportOf(call!.args);
    expect(call?.args).toEqual([
      ENGINE_BOOT_FLAG,
      '--config',
      WIN_CONFIG,
      '--user',
      'PC\\John Doe',
      '--report',
      report,
    ]);
    expect(logged).toEqual(['note: something to know']);
    // The report's folder is gone afterwards.
    expect(readdirSync(path.dirname(path.dirname(report)))).toEqual([]);
  });

  it('turning it off adds --uninstall; Linux runs Electron as root without its sandbox and display', async () => {
    const fake = new FakeBootSystem('linux');
    fake.privileged = false;
    let enabled = true;
    fake.respond((command) =>
      command === 'systemctl' ? { code: enabled ? 0 : 1, stdout: '', stderr: '' } : undefined,
    );
    const elevator = new FakeElevator(() => {
      enabled = false;
      return { outcome: 'ok' };
    });
    const boot = createBootService({
      system: fake,
      elevator,
      binary: linuxApp,
      configPath: LINUX_CONFIG,
      user: 'john',
      log: () => undefined,
    });
    expect((await boot.setEnabled(false)).installed).toBe(false);
    expect(elevator.calls[0]?.program).toBe('/opt/Tunnelkeeper/tunnelkeeper');
    expect(elevator.calls[0]?.args.slice(0, 8)).toEqual([
      '--no-sandbox',
      '--ozone-platform=headless',
      '--disable-gpu',
      ENGINE_BOOT_FLAG,
      '--config',
      LINUX_CONFIG,
      '--user',
      'john',
    ]);
    expect(elevator.calls[0]?.args).toContain('--uninstall');
  });

  it('a cancelled prompt is `cancelled`, with nothing logged', async () => {
    const machine = windowsMachine();
    const logged: string[] = [];
    const boot = service(machine, new FakeElevator(() => ({ outcome: 'cancelled' })), logged);
    await expect(boot.setEnabled(true)).rejects.toEqual(new CodedError('cancelled'));
    expect(logged).toEqual([]);
  });

  it('a failed elevated process is `boot-failed`, with its report in the log', async () => {
    const machine = windowsMachine();
    const logged: string[] = [];
    const elevator = new FakeElevator((args) => {
      writeFileSync(reportOf(args), 'error: schtasks /Create failed (exit 1)\n');
      return { outcome: 'failed', exitCode: 1, detail: '' };
    });
    await expect(service(machine, elevator, logged).setEnabled(true)).rejects.toEqual(
      new CodedError('boot-failed'),
    );
    expect(logged.join('\n')).toContain('schtasks /Create failed');
  });

  it('"done" with no service installed afterwards is `boot-failed` too (the OS is the truth)', async () => {
    const machine = windowsMachine();
    const logged: string[] = [];
    const boot = service(machine, new FakeElevator(() => ({ outcome: 'ok' })), logged);
    await expect(boot.setEnabled(true)).rejects.toEqual(new CodedError('boot-failed'));
    expect(logged).toContainEqual(expect.stringMatching(/not installed after the change/));
  });

  it('already administrator: installed in this process, no prompt', async () => {
    const machine = windowsMachine();
    machine.fake.privileged = true;
    machine.fake.respond((command, args) => {
      if (command === 'schtasks' && args[0] === '/Create') machine.installed = true;
      return undefined;
    });
    const elevator = new FakeElevator(() => ({ outcome: 'ok' }));
    const boot = service(machine, elevator, []);
    expect(await boot.setEnabled(true)).toEqual({
      installed: true,
      needsAdmin: false,
      platform: 'windows',
    });
    expect(elevator.calls).toEqual([]);
    expect(machine.fake.log).toContain(
      `run: schtasks /Create /TN Tunnelkeeper\\Engine /XML ${XML} /F`,
    );
  });

  it('an OS without a boot service: `unavailable`, nothing asked', async () => {
    const elevator = new FakeElevator(() => ({ outcome: 'ok' }));
    const boot = createBootService({
      system: new FakeBootSystem(null),
      elevator,
      binary: { platform: 'freebsd', execPath: '/usr/local/bin/tk', env: {} },
      configPath: '/c.json',
      user: 'john',
    });
    expect(await boot.status()).toEqual({ installed: false, needsAdmin: false, platform: null });
    await expect(boot.setEnabled(true)).rejects.toEqual(new CodedError('unavailable'));
    expect(elevator.calls).toEqual([]);
  });

  it('two clicks in a row: one prompt at a time', async () => {
    const machine = windowsMachine();
    let running = 0;
    let most = 0;
    const elevator: Elevator = {
      async run(_program, args) {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        machine.installed = !args.includes('--uninstall');
        running--;
        return { outcome: 'ok' };
      },
    };
    const boot = service(machine, elevator, []);
    const [on, off] = await Promise.all([boot.setEnabled(true), boot.setEnabled(false)]);
    expect([on.installed, off.installed]).toEqual([true, false]);
    expect(most).toBe(1);
  });
});
