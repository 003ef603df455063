import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerEngineInstall } from '../../main/cli/commands/engine-install';
import { CliFailure } from '../../main/cli/errors';
import type { BootSystem } from '../../main/core/engine/boot';
import { runCli } from '../helpers/cli';
import { FakeBootSystem } from '../helpers/fake-boot-system';

const UNIT = '/etc/systemd/system/tunnelkeeper-engine.service';
const BUNDLE = '/usr/lib/node_modules/tunnelkeeper/out/cli/tunnelkeeper.cjs';

/** `engine install|uninstall` in process, on the given system, with what it prints. */
async function engine(args: string[], system: BootSystem) {
  const out: string[] = [];
  const err: string[] = [];
  const command = new Command('engine').exitOverride().configureOutput({
    writeErr: (text) => err.push(text),
    writeOut: (text) => out.push(text),
  });
  registerEngineInstall(command, {
    system,
    bundlePath: BUNDLE,
    nodePath: '/usr/bin/node',
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
  });
  for (const sub of command.commands) sub.exitOverride();
  await command.parseAsync(args, { from: 'user' });
  return { stdout: out.join(''), stderr: err.join('') };
}

describe('tunnelkeeper engine install / uninstall', () => {
  it('install: runs the steps through the seam and says each one', async () => {
    const fake = new FakeBootSystem('linux');
    const { stdout } = await engine(['install', '--config', '/etc/tk/config.json'], fake);
    expect(fake.log).toEqual([
      `write: ${UNIT} (644)`,
      'run: systemctl daemon-reload',
      'run: systemctl enable --now tunnelkeeper-engine.service',
    ]);
    expect(stdout).toBe(
      [
        `write: ${UNIT}`,
        'run: systemctl daemon-reload',
        'run: systemctl enable --now tunnelkeeper-engine.service',
        'done',
        '',
      ].join('\n'),
    );
  });

  it('--dry-run prints the whole file and the commands, and writes or runs nothing', async () => {
    const fake = new FakeBootSystem('linux');
    fake.privileged = false;
    const { stdout } = await engine(
      ['install', '--dry-run', '--config', '/etc/tk/config.json', '--user', 'ann'],
      fake,
    );
    expect(fake.log).toEqual([]);
    expect(stdout).toContain(`would write ${UNIT} (UTF-8):\n# Tunnelkeeper engine`);
    expect(stdout).toMatch(
      /^ExecStart=\/usr\/bin\/node --single-threaded-gc \/usr\/lib\/node_modules\/tunnelkeeper\/out\/cli\/tunnelkeeper\.cjs engine run --config \/etc\/tk\/config\.json$/m,
    );
    expect(stdout).toMatch(/^User=ann$/m);
    expect(stdout).toContain(
      'would run: systemctl daemon-reload\nwould run: systemctl enable --now tunnelkeeper-engine.service\n(dry run: nothing was written or run)\n',
    );
  });

  it('--platform picks the definition: Windows XML and schtasks, launchd plist and launchctl', async () => {
    const fake = new FakeBootSystem('linux');
    const windows = await engine(['install', '--dry-run', '--platform', 'windows'], fake);
    expect(windows.stdout).toContain('(UTF-16 LE with BOM):\n<?xml version="1.0"?>');
    expect(windows.stdout).toContain('<BootTrigger>');
    expect(windows.stdout).toMatch(
      /^would run: schtasks \/Create \/TN Tunnelkeeper\\Engine \/XML \S+ \/RU SYSTEM \/F$/m,
    );
    expect(windows.stderr).toMatch(/^note: planned for windows on another OS/m);
    const macos = await engine(['uninstall', '--dry-run', '--platform', 'macos'], fake);
    expect(macos.stdout).toContain('would run: launchctl bootout system/com.tunnelkeeper.engine');
    expect(fake.log).toEqual([]);
  });

  it('exit 1 with the rights it needs when not root; usage error for an unknown platform', async () => {
    const fake = new FakeBootSystem('linux');
    fake.privileged = false;
    const refused = engine(['install'], fake);
    await expect(refused).rejects.toBeInstanceOf(CliFailure);
    await expect(refused).rejects.toMatchObject({
      exitCode: 1,
      message: "installing the engine's boot service needs root on Linux: run it with sudo",
    });
    await expect(engine(['uninstall'], fake)).rejects.toThrow(/removing .* needs root on Linux/);
    await expect(engine(['install', '--platform', 'bsd'], fake)).rejects.toBeInstanceOf(
      CommanderError,
    );
    expect(fake.log).toEqual([]);
  });

  it('the real command: `tunnelkeeper engine install --dry-run` on this machine writes nothing', async () => {
    const config = path.resolve('tests/fixtures/imports/ssh_config');
    const result = await runCli(['engine', 'install', '--dry-run', '--config', config]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`would write ${UNIT} (UTF-8):`);
    // The service runs the bundle itself (not bin/), with the node of this CLI.
    expect(result.stdout).toContain(
      `ExecStart=${process.execPath} --single-threaded-gc ${path.resolve('out/cli/tunnelkeeper.cjs')} engine run --config ${config}`,
    );
    expect(existsSync(UNIT)).toBe(false);
    const help = await runCli(['engine', 'install', '--help']);
    expect(help.stdout).toMatch(/--platform <platform>.*\n.*"windows", "linux", "macos"/);
  });
});
