import { createRequire } from 'node:module';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { launchdPlist, type EngineServiceSpec } from '../../../../main/core/engine/boot';

// plist comes with electron-builder (macOS packaging); `plutil -lint` runs in tests/platform on macOS.
const plist = createRequire(import.meta.url)('plist') as { parse: (text: string) => unknown };

const spec: EngineServiceSpec = {
  argv: [
    '/opt/homebrew/bin/node',
    '--single-threaded-gc',
    '/Library/Application Support/Tunnelkeeper/tunnelkeeper.cjs',
    'engine',
    'run',
    '--config',
    '/etc/tunnelkeeper/R&D <1>.json',
  ],
  workingDirectory: '/etc/tunnelkeeper',
  configPath: '/etc/tunnelkeeper/R&D <1>.json',
};

describe('launchd daemon of the engine', () => {
  it('is a well-formed XML property list with the Apple DTD', () => {
    const errors: string[] = [];
    const doc = new DOMParser({
      errorHandler: {
        warning: () => undefined,
        error: (msg: string) => void errors.push(msg),
        fatalError: (msg: string) => void errors.push(msg),
      },
    }).parseFromString(launchdPlist(spec, 'com.tunnelkeeper.engine'), 'text/xml');
    expect(errors).toEqual([]);
    // (xmldom keeps the quotes of the public id)
    expect(doc.doctype?.publicId).toContain('-//Apple//DTD PLIST 1.0//EN');
    expect(doc.documentElement?.tagName).toBe('plist');
  });

  it('runs at load, is kept alive whatever the exit, and runs node + bundle + `engine run`', () => {
    expect(plist.parse(launchdPlist(spec, 'com.tunnelkeeper.engine'))).toEqual({
      Label: 'com.tunnelkeeper.engine',
      ProgramArguments: spec.argv,
      WorkingDirectory: '/etc/tunnelkeeper',
      RunAtLoad: true,
      KeepAlive: true,
      ThrottleInterval: 10,
    });
  });

  it('names the account with UserName when it is not root', () => {
    expect(plist.parse(launchdPlist({ ...spec, user: 'licadmin' }, 'x'))).toMatchObject({
      UserName: 'licadmin',
    });
    expect(plist.parse(launchdPlist({ ...spec, user: 'root' }, 'x'))).not.toHaveProperty(
      'UserName',
    );
  });
});
