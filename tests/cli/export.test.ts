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
  it('writes a service definition that runs this CLI with `up --config <absolute> --profile <id>`', async () => {
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
    expect(systemd.stdout).toContain(`up --config ${config} --profile ssh-tunnel-1`);
    // The service calls node itself, so it carries the flag the bin's shebang would give.
    expect(systemd.stdout).toMatch(
      /^ExecStart=\S*node --single-threaded-gc \S*tunnelkeeper\.cjs up /m,
    );
    expect(systemd.stdout).toMatch(/^Restart=on-failure$/m);
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
  });
});
