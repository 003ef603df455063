import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchdPlist, type EngineServiceSpec } from '../../main/core/engine/boot';
import { runCli } from '../helpers/cli';

/** macOS only (platforms.yml on macos-latest): the daemon's plist checked by Apple's plutil. */
const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** plutil -lint, then the plist as JSON (plutil -convert json). */
function plutil(text: string): Record<string, unknown> {
  const file = path.join(temp('tk-plist-'), 'com.tunnelkeeper.engine.plist');
  writeFileSync(file, text);
  const lint = spawnSync('plutil', ['-lint', file], { encoding: 'utf8' });
  expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  const json = spawnSync('plutil', ['-convert', 'json', '-o', '-', file], { encoding: 'utf8' });
  expect(json.status, json.stderr).toBe(0);
  return JSON.parse(json.stdout) as Record<string, unknown>;
}

const spec: EngineServiceSpec = {
  argv: [
    process.execPath,
    '--single-threaded-gc',
    '/Library/Application Support/Tunnelkeeper/tunnelkeeper.cjs',
    'engine',
    'run',
    '--config',
    '/etc/tk/R&D <1>.json',
  ],
  workingDirectory: '/etc/tk',
  configPath: '/etc/tk/R&D <1>.json',
};

describe('the engine as a launchd daemon, on macOS', () => {
  it('runs on macOS', () => {
    expect(process.platform).toBe('darwin');
  });

  it('plutil accepts the plist, as root and with UserName; KeepAlive and RunAtLoad are true', () => {
    expect(plutil(launchdPlist(spec, 'com.tunnelkeeper.engine'))).toMatchObject({
      Label: 'com.tunnelkeeper.engine',
      ProgramArguments: spec.argv,
      KeepAlive: true,
      RunAtLoad: true,
    });
    expect(
      plutil(launchdPlist({ ...spec, user: 'runner' }, 'com.tunnelkeeper.engine')),
    ).toMatchObject({
      UserName: 'runner',
    });
  });

  it('engine install --dry-run on the real machine: the plist it prints passes plutil; nothing is written', async () => {
    const config = path.join(temp('tk-config-'), 'config.json');
    writeFileSync(config, '{}');
    const result = await runCli(['engine', 'install', '--dry-run', '--config', config]);
    expect(result.code, result.stderr).toBe(0);
    const file = '/Library/LaunchDaemons/com.tunnelkeeper.engine.plist';
    const start = result.stdout.indexOf(`would write ${file} (UTF-8):\n`);
    const end = result.stdout.indexOf(`--- end of ${file}`);
    expect(start).toBeGreaterThanOrEqual(0);
    const text = result.stdout.slice(start, end).split('\n').slice(1).join('\n');
    const parsed = plutil(text);
    expect(parsed).toMatchObject({ KeepAlive: true, RunAtLoad: true });
    expect((parsed.ProgramArguments as string[]).slice(-4)).toEqual([
      'engine',
      'run',
      '--config',
      config,
    ]);
    expect(result.stdout).toContain(`would run: launchctl bootstrap system ${file}`);
    expect(spawnSync('test', ['-e', file]).status).not.toBe(0);
  });
});
