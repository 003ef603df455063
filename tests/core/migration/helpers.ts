import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProfileSchema, type Profile, type ProfileInput } from '../../../main/core/config/schema';
import { fakeMigrationSeam, type FakeSeamInit } from '../../../main/core/migration/fake-seam';
import type { StartupItem } from '../../../main/core/migration/seam';

export const FIXTURES = path.resolve('tests/fixtures/migration');
/** A committed fixture, as the bytes on disk. */
export const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));

/** A fixed local user and home, so that results do not depend on the machine. */
export const IMPORT_OPTIONS = { localUser: 'localadmin', homeDir: 'C:\\Users\\admin' };

export const USER_STARTUP =
  'C:\\Users\\admin\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup';
export const COMMON_STARTUP = 'C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp';

export function startupItem(
  folder: 'user' | 'common',
  name: string,
  content: Buffer | { error: string },
): StartupItem {
  const dir = folder === 'user' ? USER_STARTUP : COMMON_STARTUP;
  return {
    name,
    path: `${dir}\\${name}`,
    folder,
    ...(Buffer.isBuffer(content) ? { bytes: content } : { error: content.error }),
  };
}

export function profile(input: Partial<ProfileInput> & Pick<ProfileInput, 'id'>): Profile {
  return ProfileSchema.parse({ name: input.id, host: 'h', user: 'u', ...input });
}

/** The Tunnelkeeper profile of the provider's tunnel: ANSYS on 4085, Abaqus on 27000. */
export const RESCALE = () =>
  profile({
    id: 'rescale',
    name: 'Rescale licenses',
    host: 'CLP.Tunnel.Example.com',
    user: 'rescale',
    forwards: [
      { type: 'remote', id: 'ansys', bindPort: 4085, targetHost: 'licsrv', targetPort: 4085 },
      { type: 'remote', id: 'abaqus', bindPort: 27000, targetHost: 'abqlic', targetPort: 27000 },
    ],
  });

/** The machine of the fixtures: the ONE export, the Startup items, the script a task runs. */
export function fixtureSeam(extra: FakeSeamInit = {}) {
  return fakeMigrationSeam({
    tasksXml: fixture('all-tasks-one.xml'),
    startup: [
      startupItem('user', 'Pageant.lnk', fixture('startup/Pageant.lnk')),
      startupItem('user', 'Rescale tunnel.bat', fixture('startup/Rescale tunnel.bat')),
      startupItem('common', 'Rescale plink.lnk', fixture('startup/Rescale plink.lnk')),
    ],
    files: { 'C:\\Tunnels\\rescale-tunnel.bat': fixture('rescale-tunnel.bat') },
    ...extra,
  });
}
