import { createRequire } from 'node:module';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { exportService, type ServiceOptions } from '../../../main/core/imports/export';
import { fixture, imported } from './helpers';

// plist comes with electron-builder (macOS packaging); used here only to check the output parses.
const plist = createRequire(import.meta.url)('plist') as { parse: (text: string) => unknown };

const [profile] = imported('plink', fixture('provider-tunnel.bat')).profiles;
const options: ServiceOptions = {
  configPath: '/etc/tunnelkeeper/config 1.json',
  command: ['/usr/bin/node', '/opt/tunnelkeeper/bin/tunnelkeeper.cjs'],
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

describe('service definitions', () => {
  it('systemd: runs tunnelkeeper up for the profile at boot and restarts it on failure', () => {
    const { text } = exportService(profile!, 'systemd', options);
    expect(text).toContain(
      'ExecStart=/usr/bin/node /opt/tunnelkeeper/bin/tunnelkeeper.cjs up --config "/etc/tunnelkeeper/config 1.json" --profile ssh-tunnel-1',
    );
    expect(text).toMatch(/^Restart=on-failure$/m);
    expect(text).toMatch(/^WantedBy=multi-user.target$/m);
    expect(text).toMatch(/^After=network-online.target$/m);
    expect(text).toMatch(/^User=licadmin$/m);
  });

  it('Task Scheduler: at startup, whether the user is logged on or not, restarting, never two at once', () => {
    const { text, notes } = exportService(profile!, 'task-scheduler', {
      ...options,
      configPath: 'C:\\ProgramData\\Tunnelkeeper\\config.json',
      command: ['C:\\Program Files\\nodejs\\node.exe', 'C:\\tk\\bin\\tunnelkeeper.cjs'],
      user: 'CORP\\licadmin',
    });
    const doc = parseXml(text);
    const one = (tag: string) => doc.getElementsByTagName(tag)[0]?.textContent;
    expect(doc.getElementsByTagName('BootTrigger')).toHaveLength(1);
    expect(one('LogonType')).toBe('Password');
    expect(one('UserId')).toBe('CORP\\licadmin');
    expect(one('MultipleInstancesPolicy')).toBe('IgnoreNew');
    expect(one('ExecutionTimeLimit')).toBe('PT0S');
    expect(one('Count')).toBe('999');
    expect(one('Command')).toBe('C:\\Program Files\\nodejs\\node.exe');
    expect(one('Arguments')).toBe(
      'C:\\tk\\bin\\tunnelkeeper.cjs up --config C:\\ProgramData\\Tunnelkeeper\\config.json --profile ssh-tunnel-1',
    );
    expect(notes.join('\n')).toMatch(/run whether the user is logged on or not/);
  });

  it('launchd: a LaunchDaemon plist that runs at load and is kept alive on failure', () => {
    const { text } = exportService(profile!, 'launchd', options);
    expect(plist.parse(text)).toEqual({
      Label: 'com.tunnelkeeper.ssh-tunnel-1',
      UserName: 'licadmin',
      ProgramArguments: [
        ...options.command,
        'up',
        '--config',
        options.configPath,
        '--profile',
        'ssh-tunnel-1',
      ],
      RunAtLoad: true,
      KeepAlive: { SuccessfulExit: false },
      ThrottleInterval: 10,
    });
  });
});
