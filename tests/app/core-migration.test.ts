import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreMigration } from '../../main/app/core-migration';
import { ProfileSchema } from '../../main/core/config/profile';
import { fakeMigrationSeam } from '../../main/core/migration/index';
import { SshReader } from '../../main/core/keys/sshbuf';
import { tempDir } from '../helpers/keytools';
import { requirePeer } from '../helpers/peers';

const STARTUP =
  'C:\\Users\\admin\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup';
const batch = readFileSync('tests/fixtures/migration/rescale-tunnel.bat');

/** The provider's tunnel as Tunnelkeeper has it after the import. */
const profile = (id: string, host: string, bindPort: number) =>
  ProfileSchema.parse({
    id,
    name: id,
    host,
    user: 'rescale',
    forwards: [
      { id: `R${bindPort}`, type: 'remote', bindPort, targetHost: 'licsrv', targetPort: bindPort },
    ],
  });

describe('the app’s migration port', () => {
  const machine = () =>
    fakeMigrationSeam({
      startup: [
        {
          name: 'rescale-tunnel.bat',
          path: `${STARTUP}\\rescale-tunnel.bat`,
          folder: 'user',
          bytes: batch,
        },
      ],
    });

  it('answers the runners of one profile, and only a runner a scan found can be disabled', async () => {
    // The fixture's plink line: -l rescale clp.tunnel.example.com -R 4085:licsrv:4085 …
    const [host, port] = ['clp.tunnel.example.com', 4085];
    const seam = machine();
    const migration = coreMigration(
      () => [profile('lic', host, port), profile('other', 'elsewhere.example.com', port)],
      seam,
    );
    const [runner, ...more] = await migration.runnersFor('lic');
    expect(more).toEqual([]);
    expect(runner).toMatchObject({
      kind: 'startup-script',
      name: 'rescale-tunnel.bat',
      enabled: true,
    });
    expect(runner!.sameForwards.length).toBeGreaterThan(0);
    expect(await migration.runnersFor('other')).toEqual([]);

    // A page cannot name a file of its choosing: not found, nothing renamed.
    await expect(migration.disable('C:\\Windows\\System32\\drivers\\etc\\hosts')).rejects.toThrow(
      'not-found',
    );
    expect(seam.items.map((i) => i.path)).toEqual([`${STARTUP}\\rescale-tunnel.bat`]);

    const { undo } = await migration.disable(runner!.location);
    expect(seam.items.map((i) => i.path)).toEqual([
      `${STARTUP}\\rescale-tunnel.bat.disabled-by-tunnelkeeper`,
    ]);
    expect(undo).toContain('rescale-tunnel.bat');
    // Disabled now: still listed (so the admin sees it), no longer enabled.
    expect((await migration.runnersFor('lic'))[0]?.enabled).toBe(false);
  });

  it('finds nothing where there is no Windows seam (other systems)', async () => {
    const migration = coreMigration(() => [profile('lic', 'h', 1055)], null);
    expect(await migration.runnersFor('lic')).toEqual([]);
    await expect(migration.disable('\\plink tunnel')).rejects.toThrow('not-found');
  });

  it('answers the host key PuTTY accepted for the profile’s server (its SshHostKeys cache)', async () => {
    // A real RSA host key, written as PuTTY caches it: `rsa2@<port>:<host>` = `0x<e>,0x<n>`.
    const dir = tempDir('tk-putty-cache-');
    const file = path.join(dir, 'host_rsa');
    execFileSync(requirePeer('ssh-keygen'), [
      '-q',
      '-t',
      'rsa',
      '-b',
      '2048',
      '-N',
      '',
      '-f',
      file,
    ]);
    const blob = Buffer.from(readFileSync(`${file}.pub`, 'utf8').split(' ')[1]!, 'base64');
    const r = new SshReader(blob);
    r.text();
    const hex = (b: Buffer) => `0x${b.toString('hex').replace(/^0+/, '')}`;
    const value = `${hex(r.string())},${hex(r.string())}`;
    const expected = execFileSync(requirePeer('ssh-keygen'), ['-lf', `${file}.pub`], {
      encoding: 'utf8',
    }).split(' ')[1];
    const reg = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\SshHostKeys]',
      `"rsa2@2222:CLP.tunnel.example.com"="${value}"`,
      '',
    ].join('\r\n');
    const registry = { sessions: async () => '', hostKeys: async () => reg };
    const lic = { ...profile('lic', 'clp.tunnel.example.com', 4085), port: 2222 };
    const other = profile('other', 'clp.tunnel.example.com', 4085); // port 22: never cached
    const migration = coreMigration(() => [lic, other], null, registry);
    expect(await migration.puttyHostKey('lic')).toEqual({
      keyType: 'ssh-rsa',
      fingerprint: expected,
    });
    expect(await migration.puttyHostKey('other')).toBeNull();
    // No SshHostKeys key at all (PuTTY never connected anywhere): nothing, not an error.
    const empty = coreMigration(() => [lic], null, {
      sessions: async () => '',
      hostKeys: async () => {
        throw new Error('ERROR: The system was unable to find the specified registry key');
      },
    });
    expect(await empty.puttyHostKey('lic')).toBeNull();
  });
});
