import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, describe, expect, it } from 'vitest';
import {
  encodeTaskXml,
  installEngine,
  nodeBootSystem,
  taskXml,
  uninstallEngine,
  type EngineServiceSpec,
} from '../../main/core/engine/boot';
import { runCli } from '../helpers/cli';

/**
 * Windows only (platforms.yml on windows-latest, whose runner is an elevated administrator):
 * the engine's task registered with the real Task Scheduler, read back and deleted.
 */
const BUNDLE = path.resolve('out/cli/tunnelkeeper.cjs');
const FOLDER = `Tunnelkeeper-test-${process.pid}`;
const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

function schtasks(...args: string[]) {
  return spawnSync('schtasks', args, { encoding: 'utf8', windowsHide: true });
}

afterAll(() => {
  for (const name of ['Engine', 'S4U', 'Installed', 'old-profile'])
    schtasks('/Delete', '/TN', `${FOLDER}\\${name}`, '/F');
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** `schtasks /Query /XML`: what Task Scheduler stored, element text by path below <Task>. */
function stored(name: string): (at: string) => string | undefined {
  const query = schtasks('/Query', '/TN', name, '/XML');
  expect(query.status, query.stderr).toBe(0);
  const doc = new DOMParser().parseFromString(query.stdout.replace(/^\uFEFF/, ''), 'text/xml');
  return (at) => {
    let node: Element | null = doc.documentElement;
    for (const tag of at.split('/')) node = node?.getElementsByTagName(tag)[0] ?? null;
    return node?.textContent ?? undefined;
  };
}

function spec(configPath: string, user?: string): EngineServiceSpec {
  return {
    argv: [
      process.execPath,
      '--single-threaded-gc',
      BUNDLE,
      'engine',
      'run',
      '--config',
      configPath,
    ],
    workingDirectory: path.dirname(configPath),
    configPath,
    ...(user ? { user } : {}),
  };
}

function emptyConfig(): string {
  const config = path.join(temp('tk-config-'), 'config.json');
  writeFileSync(config, JSON.stringify({ version: 1, profiles: [] }));
  return config;
}

describe('the engine as a Task Scheduler task, on Windows', () => {
  it('runs on Windows, as an elevated administrator', async () => {
    expect(process.platform).toBe('win32');
    expect(await nodeBootSystem().isPrivileged()).toBe(true);
  });

  it('schtasks /Create /XML takes the UTF-16 task as SYSTEM; /Query gives back every setting; /Delete removes it', () => {
    const file = path.join(temp('tk-task-'), 'task.xml');
    writeFileSync(file, encodeTaskXml(taskXml(spec(emptyConfig()))));
    const name = `${FOLDER}\\Engine`;
    const created = schtasks('/Create', '/TN', name, '/XML', file, '/RU', 'SYSTEM', '/F');
    expect(created.status, created.stderr + created.stdout).toBe(0);
    const at = stored(name);
    expect(at('Triggers/BootTrigger')).toBeDefined();
    expect(at('Principals/Principal/UserId')).toBe('S-1-5-18');
    expect(at('Settings/DisallowStartIfOnBatteries')).toBe('false');
    expect(at('Settings/StopIfGoingOnBatteries')).toBe('false');
    expect(at('Settings/ExecutionTimeLimit')).toBe('PT0S');
    expect(at('Settings/RestartOnFailure/Interval')).toBe('PT1M');
    expect(at('Settings/RestartOnFailure/Count')).toBe('999');
    // IgnoreNew is also the default, which Windows may leave out of what it gives back.
    expect(at('Settings/MultipleInstancesPolicy') ?? 'IgnoreNew').toBe('IgnoreNew');
    expect(at('Settings/StartWhenAvailable')).toBe('true');
    expect(at('Actions/Exec/Command')).toBe(process.execPath);
    expect(schtasks('/Delete', '/TN', name, '/F').status).toBe(0);
    expect(schtasks('/Query', '/TN', name).status).not.toBe(0);
  });

  it('with --user: an S4U task of this account registers from the XML alone (no password)', () => {
    const user = `${process.env.USERDOMAIN ?? os.hostname()}\\${os.userInfo().username}`;
    const file = path.join(temp('tk-task-'), 'task.xml');
    writeFileSync(file, encodeTaskXml(taskXml(spec(emptyConfig(), user))));
    const name = `${FOLDER}\\S4U`;
    const created = schtasks('/Create', '/TN', name, '/XML', file, '/F');
    expect(created.status, created.stderr + created.stdout).toBe(0);
    expect(stored(name)('Principals/Principal/LogonType')).toBe('S4U');
    expect(schtasks('/Delete', '/TN', name, '/F').status).toBe(0);
  });

  it('engine install --dry-run on the real machine: the XML and schtasks, nothing written', async () => {
    const result = await runCli(['engine', 'install', '--dry-run', '--config', emptyConfig()]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /would write .*\\Tunnelkeeper\\engine\\tunnelkeeper-engine\.xml \(UTF-16 LE with BOM\)/,
    );
    expect(result.stdout).toMatch(
      /^would run: schtasks \/Create \/TN Tunnelkeeper\\Engine \/XML .* \/RU SYSTEM \/F$/m,
    );
    expect(schtasks('/Query', '/TN', 'Tunnelkeeper\\Engine').status).not.toBe(0);
  });

  it('install from a versioned folder: replaces an old export task, copies the CLI, registers and starts; uninstall removes all', async () => {
    const system = nodeBootSystem();
    // An old `export --to task-scheduler` task: `tunnelkeeper.cjs up --profile`.
    const oldXml = taskXml({
      ...spec(emptyConfig()),
      argv: [
        process.execPath,
        'C:\\tk\\bin\\tunnelkeeper.cjs',
        'up',
        '--config',
        'C:\\tk\\c.json',
        '--profile',
        'p',
      ],
    });
    const oldFile = path.join(temp('tk-task-'), 'old.xml');
    writeFileSync(oldFile, encodeTaskXml(oldXml));
    expect(
      schtasks('/Create', '/TN', `${FOLDER}\\old-profile`, '/XML', oldFile, '/RU', 'SYSTEM', '/F')
        .status,
    ).toBe(0);

    // The CLI as an updater lays it out: app-9.9.9\out\cli + node_modules (a junction here).
    const app = path.join(temp('tk-app-'), 'app-9.9.9');
    mkdirSync(path.join(app, 'out', 'cli'), { recursive: true });
    copyFileSync(BUNDLE, path.join(app, 'out', 'cli', 'tunnelkeeper.cjs'));
    symlinkSync(path.resolve('node_modules'), path.join(app, 'node_modules'), 'junction');
    const stable = path.join(temp('tk-stable-'), 'engine');
    const request = {
      platform: 'windows' as const,
      dryRun: false,
      configPath: emptyConfig(),
      nodePath: process.execPath,
      bundlePath: path.join(app, 'out', 'cli', 'tunnelkeeper.cjs'),
      locations: {
        service: `${FOLDER}\\Installed`,
        definitionFile: path.join(stable, 'tunnelkeeper-engine.xml'),
        stableDir: stable,
      },
    };
    const plan = await installEngine(request, system);
    expect(plan.notes.join('\n')).toMatch(
      /old-profile was written by an earlier `tunnelkeeper export`/,
    );
    expect(schtasks('/Query', '/TN', `${FOLDER}\\old-profile`).status).not.toBe(0);
    expect(stored(`${FOLDER}\\Installed`)('Actions/Exec/Arguments')).toContain(
      `${path.join(stable, 'tunnelkeeper.cjs')} engine run`,
    );
    // The copy runs on its own.
    const version = spawnSync(
      process.execPath,
      [path.join(stable, 'tunnelkeeper.cjs'), '--version'],
      {
        encoding: 'utf8',
        cwd: os.tmpdir(),
      },
    );
    expect(version.status, version.stderr).toBe(0);

    await uninstallEngine(request, system);
    expect(schtasks('/Query', '/TN', `${FOLDER}\\Installed`).status).not.toBe(0);
    expect(existsSync(stable)).toBe(false);
  });
});
