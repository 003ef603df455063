import { describe, expect, it } from 'vitest';
import { requiredPackages } from '../../../../main/core/engine/boot/bundle-copy';
import { parseCsv, parseScheduledTasks } from '../../../../main/core/engine/boot/legacy';
import { looksVersioned } from '../../../../main/core/engine/boot/versioned';

describe('what an update removes', () => {
  it('a version in a folder name, npx cache and AppImage mounts are versioned; stable installs are not', () => {
    for (const versioned of [
      'C:\\Users\\ann\\AppData\\Local\\tunnelkeeper\\app-1.2.3\\resources\\cli\\tunnelkeeper.cjs',
      '/home/ann/.nvm/versions/node/v20.19.0/lib/node_modules/tunnelkeeper/out/cli/tunnelkeeper.cjs',
      '/opt/homebrew/Cellar/node/20.19.0/bin/node',
      '/srv/app/node_modules/.pnpm/tunnelkeeper@0.1.0/node_modules/tunnelkeeper/out/cli/tunnelkeeper.cjs',
      '/home/ann/.npm/_npx/8a1b/node_modules/tunnelkeeper/out/cli/tunnelkeeper.cjs',
      '/tmp/.mount_TunnelAbC/resources/cli/tunnelkeeper.cjs',
      '/opt/node-v20.19.0-linux-x64/bin/node',
    ])
      expect(looksVersioned(versioned), versioned).toBe(true);
    for (const stable of [
      '/usr/lib/node_modules/tunnelkeeper/out/cli/tunnelkeeper.cjs',
      'C:\\Users\\ann\\AppData\\Roaming\\npm\\node_modules\\tunnelkeeper\\out\\cli\\tunnelkeeper.cjs',
      'C:\\Program Files\\nodejs\\node.exe',
      '/usr/bin/node',
      '/work/main/out/cli/tunnelkeeper.cjs',
    ])
      expect(looksVersioned(stable), stable).toBe(false);
  });
});

describe('the packages a bundle requires', () => {
  it('bare names and scoped names, without Node built-ins or relative paths', () => {
    expect(
      requiredPackages(
        'require("node:fs");require("fs");require("commander");require("ssh2/lib/x.js");' +
          'require("./local");import("@scope/pkg/sub");require("zod");require("ssh2")',
      ),
    ).toEqual(['@scope/pkg', 'commander', 'ssh2', 'zod']);
  });
});

describe('schtasks /Query /V /FO CSV', () => {
  it('parses quoted fields with commas, doubled quotes and CRLF; one task per name', () => {
    expect(parseCsv('"a","b, c","say ""hi"""\r\n\r\n"d",,"e"')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['d', '', 'e'],
    ]);
    const csv = [
      '"HostName","TaskName","Next Run Time","Status","Logon Mode","Last Run Time","Last Result","Author","Task To Run","Start In","Comment"',
      '"H","\\Tunnelkeeper\\x","N/A","Ready","","","0","a","node t.cjs up --profile x","N/A","Tunnelkeeper tunnel x"',
      '"H","\\Tunnelkeeper\\x","N/A","Ready","","","0","a","node t.cjs up --profile x","N/A","Tunnelkeeper tunnel x"',
      // German Windows: the header is translated, the columns stay where they are.
      '"Hostname","Aufgabenname","Nächste Laufzeit","Status"',
    ].join('\r\n');
    expect(parseScheduledTasks(csv)).toEqual([
      {
        name: '\\Tunnelkeeper\\x',
        run: 'node t.cjs up --profile x',
        comment: 'Tunnelkeeper tunnel x',
      },
    ]);
  });
});
