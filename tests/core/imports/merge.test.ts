import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../main/core/config/profile';
import { appendProfiles, existingConfig } from '../../../main/core/imports/merge';
import { fixture, imported } from './helpers';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tk-merge-'));

describe('appending imports to a config', () => {
  it('starts an empty config when the file is missing', async () => {
    const file = path.join(tmp(), 'config.json');
    const existing = await existingConfig(file);
    const { profiles } = imported('plink', fixture('task-scheduler.bat'), {});
    await appendProfiles(existing, profiles);
    expect(parseConfig(readFileSync(file, 'utf8')).document.profiles).toEqual(profiles);
  });

  it('reads an older document without writing, and backs it up only when appending', async () => {
    const dir = tmp();
    const file = path.join(dir, 'config.json');
    const v0 = JSON.stringify({
      profiles: [
        { id: 'old', name: 'old', host: 'h', username: 'u', forwards: ['-R 1055:licsrv:1055'] },
      ],
    });
    writeFileSync(file, v0);
    const existing = await existingConfig(file);
    expect(existing.migratedFrom).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(v0);
    expect(readdirSync(dir)).toEqual(['config.json']);
    const taken = existing.document.profiles.map((p) => p.id);
    const { profiles } = imported('plink', 'plink -ssh u@old -R 1:h:1', {});
    await appendProfiles(existing, profiles);
    expect(parseConfig(readFileSync(file, 'utf8')).document.profiles.map((p) => p.id)).toEqual([
      ...taken,
      'u-old',
    ]);
    const backups = readdirSync(dir).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(path.join(dir, backups[0]!), 'utf8')).toBe(v0);
  });

  it('refuses an invalid config and leaves it as it is', async () => {
    const file = path.join(tmp(), 'config.json');
    writeFileSync(file, '{ not json');
    await expect(existingConfig(file)).rejects.toBeInstanceOf(ConfigError);
    expect(readFileSync(file, 'utf8')).toBe('{ not json');
  });
});
