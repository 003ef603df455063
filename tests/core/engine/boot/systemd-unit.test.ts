import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemdUnit, type EngineServiceSpec } from '../../../../main/core/engine/boot';
import { requirePeer } from '../../../helpers/peers';

const spec: EngineServiceSpec = {
  // verify checks that ExecStart's program exists: the node running this test.
  argv: [
    process.execPath,
    '--single-threaded-gc',
    '/usr/local/lib/tunnelkeeper/tunnelkeeper.cjs',
    'engine',
    'run',
    '--config',
    '/etc/tunnel keeper/100%$HOME.json',
  ],
  workingDirectory: '/etc/tunnel keeper',
  configPath: '/etc/tunnel keeper/100%$HOME.json',
};

/** `systemd-analyze verify` on the unit saved under its real name; its complaints, if any. */
function verify(text: string): { status: number | null; output: string } {
  const analyze = requirePeer('systemd-analyze');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-unit-'));
  const file = path.join(dir, 'tunnelkeeper-engine.service');
  writeFileSync(file, text);
  const result = spawnSync(analyze, ['verify', file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe('systemd unit of the engine', () => {
  it('passes systemd-analyze verify without a single warning, as root and with User=', () => {
    expect(verify(systemdUnit(spec))).toEqual({ status: 0, output: '' });
    expect(verify(systemdUnit({ ...spec, user: 'daemon' }))).toEqual({ status: 0, output: '' });
  });

  it('systemd-analyze does see a broken unit (the check above is not vacuous)', () => {
    const broken = systemdUnit(spec).replace(/^ExecStart=/m, 'ExecStart=/nonexistent/node ');
    expect(verify(broken).status).not.toBe(0);
    const typo = systemdUnit(spec).replace('Restart=on-failure', 'Restart=on-failur');
    expect(verify(typo).output).toMatch(/restart/i);
  });

  it('starts after the network, restarts on failure for ever, and is wanted at boot', () => {
    const text = systemdUnit(spec);
    expect(text).toMatch(/^Wants=network-online\.target$/m);
    expect(text).toMatch(/^After=network-online\.target$/m);
    expect(text).toMatch(/^Restart=on-failure$/m);
    expect(text).toMatch(/^StartLimitIntervalSec=0$/m);
    expect(text).toMatch(/^WantedBy=multi-user\.target$/m);
    expect(text).not.toMatch(/^User=/m);
    expect(systemdUnit({ ...spec, user: 'licadmin' })).toMatch(/^User=licadmin$/m);
    expect(systemdUnit({ ...spec, user: 'root' })).not.toMatch(/^User=/m);
  });

  it('runs node with the bin flag, the bundle and `engine run`, with % and $ escaped', () => {
    expect(systemdUnit(spec)).toContain(
      `ExecStart=${process.execPath} --single-threaded-gc /usr/local/lib/tunnelkeeper/tunnelkeeper.cjs engine run --config "/etc/tunnel keeper/100%%$$HOME.json"`,
    );
    expect(systemdUnit(spec)).toMatch(/^WorkingDirectory=\/etc\/tunnel keeper$/m);
  });
});
