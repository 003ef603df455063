import { createRequire } from 'node:module';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { installEngine } from '../../../main/core/engine/boot';
import { exportService, type ServiceOptions } from '../../../main/core/imports/export';
import { FakeBootSystem } from '../../helpers/fake-boot-system';
import { fixture, imported } from './helpers';

// plist comes with electron-builder (macOS packaging); used here only to check the output parses.
const plist = createRequire(import.meta.url)('plist') as { parse: (text: string) => unknown };

const [base] = imported('plink', fixture('provider-tunnel.bat')).profiles;
const started = { ...base!, autostart: true };
const idle = { ...base!, id: 'spare', name: 'spare tunnel', autostart: false };
const options: ServiceOptions = {
  configPath: '/etc/tunnelkeeper/config 1.json',
  profiles: [started, idle],
  nodePath: '/usr/bin/node',
  bundlePath: '/opt/tunnelkeeper/out/cli/tunnelkeeper.cjs',
  user: 'licadmin',
};

function parseXml(text: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (msg: string) => void errors.push(msg),
      fatalError: (msg: string) => void errors.push(msg),
    },
  }).parseFromString(text, 'text/xml');
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}

describe('export --to systemd|task-scheduler|launchd: the engine, not one `up` per profile', () => {
  it('systemd: runs `engine run --config` at boot and restarts it on failure', async () => {
    const { text, notes } = await exportService('systemd', options, new FakeBootSystem('linux'));
    expect(text).toContain(
      'ExecStart=/usr/bin/node --single-threaded-gc /opt/tunnelkeeper/out/cli/tunnelkeeper.cjs engine run --config "/etc/tunnelkeeper/config 1.json"',
    );
    expect(text).not.toMatch(/\bup\b.*--profile/);
    expect(text).toMatch(/^Restart=on-failure$/m);
    expect(text).toMatch(/^WantedBy=multi-user.target$/m);
    expect(text).toMatch(/^After=network-online.target$/m);
    expect(text).toMatch(/^User=licadmin$/m);
    expect(notes).toContain('the engine starts the profiles with autostart: ssh-tunnel-1');
    expect(notes.join('\n')).toMatch(/`tunnelkeeper engine install` installs it/);
  });

  it('is exactly the definition `engine install` writes for the same config, node, CLI and user', async () => {
    const { text } = await exportService('systemd', options, new FakeBootSystem('linux'));
    const fake = new FakeBootSystem('linux');
    await installEngine(
      {
        platform: 'linux',
        dryRun: false,
        configPath: options.configPath,
        nodePath: options.nodePath,
        bundlePath: options.bundlePath,
        user: 'licadmin',
      },
      fake,
    );
    expect(fake.text('/etc/systemd/system/tunnelkeeper-engine.service')).toBe(text);
  });

  it('Task Scheduler: at startup, whether the user is logged on or not (S4U), restarting, never two at once', async () => {
    const { text, notes } = await exportService(
      'task-scheduler',
      {
        ...options,
        configPath: 'C:\\ProgramData\\Tunnelkeeper\\config.json',
        nodePath: 'C:\\Program Files\\nodejs\\node.exe',
        bundlePath: 'C:\\tk\\out\\cli\\tunnelkeeper.cjs',
        user: 'CORP\\licadmin',
      },
      new FakeBootSystem('windows'),
    );
    const doc = parseXml(text);
    const one = (tag: string) => doc.getElementsByTagName(tag)[0]?.textContent;
    expect(doc.getElementsByTagName('BootTrigger')).toHaveLength(1);
    expect(one('LogonType')).toBe('S4U');
    expect(one('UserId')).toBe('CORP\\licadmin');
    expect(one('MultipleInstancesPolicy')).toBe('IgnoreNew');
    expect(one('ExecutionTimeLimit')).toBe('PT0S');
    expect(one('Count')).toBe('999');
    expect(one('Command')).toBe('C:\\Program Files\\nodejs\\node.exe');
    expect(one('Arguments')).toBe(
      '--single-threaded-gc C:\\tk\\out\\cli\\tunnelkeeper.cjs engine run --config C:\\ProgramData\\Tunnelkeeper\\config.json',
    );
    expect(notes.join('\n')).toMatch(
      /schtasks \/Create \/TN Tunnelkeeper\\Engine \/XML <file> \/F .*whether the user is logged on or not/,
    );
  });

  it('launchd: a LaunchDaemon plist that runs at load and is kept alive', async () => {
    const { text } = await exportService('launchd', options, new FakeBootSystem('macos'));
    expect(plist.parse(text)).toEqual({
      Label: 'com.tunnelkeeper.engine',
      UserName: 'licadmin',
      ProgramArguments: [
        '/usr/bin/node',
        '--single-threaded-gc',
        '/opt/tunnelkeeper/out/cli/tunnelkeeper.cjs',
        'engine',
        'run',
        '--config',
        options.configPath,
      ],
      WorkingDirectory: '/etc/tunnelkeeper',
      RunAtLoad: true,
      KeepAlive: true,
      ThrottleInterval: 10,
    });
  });

  it('says which profiles the engine starts, and when the named one is not among them', async () => {
    const none = await exportService(
      'systemd',
      { ...options, profiles: [idle], profileId: 'spare' },
      new FakeBootSystem('linux'),
    );
    expect(none.notes).toEqual(
      expect.arrayContaining([
        'no profile of /etc/tunnelkeeper/config 1.json has autostart: true, so the engine starts none at boot',
        'profile spare (spare tunnel) has autostart: false: set it to true for the engine to start it at boot',
      ]),
    );
  });

  it('a CLI in a versioned folder: the definition runs the stable copy that `engine install` makes', async () => {
    const root = '/home/ann/.npm/_npx/3f2a/node_modules/tunnelkeeper';
    const fake = new FakeBootSystem('linux', {
      [`${root}/out/cli/tunnelkeeper.cjs`]: 'require("commander")',
      '/home/ann/.npm/_npx/3f2a/node_modules/commander/package.json': '{}',
    });
    const { text, notes } = await exportService(
      'systemd',
      { ...options, bundlePath: `${root}/out/cli/tunnelkeeper.cjs` },
      fake,
    );
    expect(text).toContain(
      'ExecStart=/usr/bin/node --single-threaded-gc /usr/local/lib/tunnelkeeper/tunnelkeeper.cjs engine run',
    );
    expect(notes.join('\n')).toMatch(/runs the copy in \/usr\/local\/lib\/tunnelkeeper/);
    expect(fake.log).toEqual([]);
  });
});
