import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const FIX = path.resolve('tests/fixtures/imports');

async function configWith(file: string, from: string): Promise<string> {
  const config = path.join(mkdtempSync(path.join(os.tmpdir(), 'tk-export-')), 'config.json');
  const r = await runCli(['import', '--from', from, path.join(FIX, file), '-o', config]);
  expect(r.code).toBe(0);
  return config;
}

describe('tunnelkeeper export', () => {
  it('writes the plink line on stdout and what it cannot express on stderr', async () => {
    const config = await configWith('task-scheduler.bat', 'plink');
    const r = await runCli([
      'export',
      '--config',
      config,
      '--profile',
      'rescale-clp-tunnel-example-com',
      '--to',
      'plink',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'plink.exe -ssh -i C:\\Users\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:Server:4085 -R 4084:Server:4084 -v -N -batch',
    );
    expect(r.stderr).toMatch(/^note: keepalive .* not expressed/m);
  });

  it('round-trips through the command line: import → export ssh / ssh-config → import', async () => {
    const config = await configWith('ssh_config', 'ssh-config');
    const [original] = (JSON.parse(readFileSync(config, 'utf8')) as { profiles: { id: string }[] })
      .profiles;
    const exportedSsh = await runCli([
      'export',
      '--config',
      config,
      '--profile',
      original!.id,
      '--to',
      'ssh',
    ]);
    expect(exportedSsh.code).toBe(0);
    // The exported text (comment line included) is itself a valid "command line" input.
    const viaSsh = await runCli(['import', '--from', 'ssh', exportedSsh.stdout, '--json']);
    expect(viaSsh.code).toBe(0);
    expect((JSON.parse(viaSsh.stdout) as { profiles: unknown[] }).profiles).toEqual([original]);
    const exportedConfig = await runCli([
      'export',
      '--config',
      config,
      '--profile',
      original!.id,
      '--to',
      'ssh-config',
    ]);
    const file = path.join(path.dirname(config), 'exported_config');
    writeFileSync(file, exportedConfig.stdout);
    const viaConfig = await runCli(['import', '--from', 'auto', file, '--json']);
    expect(viaConfig.code).toBe(0);
    expect((JSON.parse(viaConfig.stdout) as { profiles: unknown[] }).profiles).toEqual([original]);
  });

  it('exits 1 for an unknown profile or a missing config, 2 for usage errors', async () => {
    const config = await configWith('provider-tunnel.bat', 'plink');
    const unknown = await runCli([
      'export',
      '--config',
      config,
      '--profile',
      'nope',
      '--to',
      'ssh',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no profile "nope".*ssh-tunnel-1/);
    expect(
      (await runCli(['export', '--config', '/nonexistent/c.json', '--profile', 'x', '--to', 'ssh']))
        .code,
    ).toBe(1);
    expect(
      (await runCli(['export', '--config', config, '--profile', 'ssh-tunnel-1', '--to', 'putty']))
        .code,
    ).toBe(2);
    expect((await runCli(['export', '--config', config, '--to', 'ssh'])).code).toBe(2);
  });
});

describe('tunnelkeeper export --to systemd|task-scheduler|launchd', () => {
  it("writes the engine's boot service: this CLI's bundle with `engine run --config <absolute>`", async () => {
    const config = await configWith('provider-tunnel.bat', 'plink');
    const systemd = await runCli([
      'export',
      '--config',
      config,
      '--profile',
      'ssh-tunnel-1',
      '--to',
      'systemd',
    ]);
    expect(systemd.code).toBe(0);
    // The service calls node itself, so it carries the flag the bin's shebang would give, and
    // runs the bundle (out/cli), as `engine install` does.
    expect(systemd.stdout).toContain(
      `ExecStart=${process.execPath} --single-threaded-gc ${path.resolve('out/cli/tunnelkeeper.cjs')} engine run --config ${config}`,
    );
    expect(systemd.stdout).not.toMatch(/ up .*--profile/);
    expect(systemd.stdout).toMatch(/^Restart=on-failure$/m);
    expect(systemd.stderr).toMatch(/^note: .*`tunnelkeeper engine install` installs it/m);
    const task = await runCli([
      'export',
      '--config',
      config,
      '--profile',
      'ssh-tunnel-1',
      '--to',
      'task-scheduler',
    ]);
    expect(task.code).toBe(0);
    expect(task.stdout).toContain('<BootTrigger>');
    expect(task.stdout).toContain('<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>');
  });

  it('--profile is optional for a service (one engine for the config), and an unknown one is still refused', async () => {
    const config = await configWith('provider-tunnel.bat', 'plink');
    const launchd = await runCli(['export', '--config', config, '--to', 'launchd', '--json']);
    expect(launchd.code).toBe(0);
    const out = JSON.parse(launchd.stdout) as {
      profile: null;
      to: string;
      text: string;
      notes: string[];
    };
    expect(out.profile).toBeNull();
    expect(out.text).toContain('<key>KeepAlive</key>\n  <true/>');
    expect(out.notes.join('\n')).toMatch(/autostart/);
    const unknown = await runCli([
      'export',
      '--config',
      config,
      '--profile',
      'nope',
      '--to',
      'systemd',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no profile "nope"/);
  });
});
