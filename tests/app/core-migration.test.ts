import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coreMigration } from '../../main/app/core-migration';
import { ProfileSchema } from '../../main/core/config/profile';
import { fakeMigrationSeam } from '../../main/core/migration/index';

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
});
