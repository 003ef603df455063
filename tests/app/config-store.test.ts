import Conf from 'conf';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  configFilePath,
  createConfigRepository,
  migrateConfigFile,
} from '../../main/app/config-store';
import { createSafeStorageSecretStore } from '../../main/app/secret-store';
import type { OpenStoreFile, StoreFile } from '../../main/app/store-file';
import { loadConfig, saveConfig, type ConfigDocument } from '../../main/core/config/profile';
import { safeStorage } from '../mocks/electron';

/**
 * electron-store is conf plus Electron's default folder; the node project cannot alias the
 * `electron` it imports inside node_modules, so these tests open the files with conf itself,
 * with the options main/app/electron-store-file.ts passes.
 */
const openConf: OpenStoreFile = (options) =>
  new Conf({
    ...options,
    configName: options.name,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  }) as unknown as StoreFile<never>;

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'tk-userdata-'));
const PROFILE = {
  id: 'lic',
  name: 'License proxy',
  host: 'clp.tunnel.example.com',
  user: 'rescale',
  forwards: [
    { type: 'remote', id: 'ansys', bindPort: 1055, targetHost: 'licsrv', targetPort: 1055 },
  ],
};

describe('config in electron-store, shared with the CLI', () => {
  it('creates an empty config the CLI can read', async () => {
    const dir = tempDir();
    expect(createConfigRepository(openConf, dir).read()).toEqual({ version: 1, profiles: [] });
    expect((await loadConfig(configFilePath(dir))).document.profiles).toEqual([]);
  });

  it('writes profiles the CLI reads back, in the CLI’s layout', async () => {
    const dir = tempDir();
    const repo = createConfigRepository(openConf, dir);
    const written = repo.write({ version: 1, profiles: [PROFILE] } as unknown as ConfigDocument);
    expect(written.profiles[0]).toMatchObject({ port: 22, forwards: [{ bindPort: 1055 }] });
    // -R without an address keeps asking the server for its default (not a written loopback).
    expect(written.profiles[0]!.forwards[0]).not.toHaveProperty('bindAddress');
    const { document } = await loadConfig(configFilePath(dir));
    expect(document).toEqual(written);
    expect(readFileSync(configFilePath(dir), 'utf8')).toMatch(/^\{\n {2}"version": 1,[\s\S]*\}\n$/);
  });

  it('reads what the CLI saved, and keeps the app’s settings through a CLI save', async () => {
    const dir = tempDir();
    const repo = createConfigRepository(openConf, dir);
    repo.write({ version: 1, profiles: [], app: { language: 'ja' } });
    const cli = await loadConfig(configFilePath(dir));
    await saveConfig(cli.file, { ...cli.document, profiles: [PROFILE] } as never);
    expect(repo.read()).toMatchObject({ app: { language: 'ja' }, profiles: [{ id: 'lic' }] });
  });

  it('refuses an invalid document and leaves the file as it was', () => {
    const dir = tempDir();
    const repo = createConfigRepository(openConf, dir);
    repo.write({ version: 1, profiles: [PROFILE] } as unknown as ConfigDocument);
    const before = readFileSync(configFilePath(dir), 'utf8');
    const bad = { version: 1, profiles: [{ ...PROFILE, port: 0 }] } as unknown as ConfigDocument;
    expect(() => repo.write(bad)).toThrow(expect.objectContaining({ name: 'ConfigError' }));
    expect(readFileSync(configFilePath(dir), 'utf8')).toBe(before);
  });

  it('never overwrites a file it cannot read (the user may fix it by hand)', () => {
    const dir = tempDir();
    writeFileSync(configFilePath(dir), '{ "version": 1, "profiles": [ { "id": ');
    const repo = createConfigRepository(openConf, dir);
    expect(() => repo.read()).toThrow(expect.objectContaining({ name: 'ConfigError' }));
    expect(() => repo.write({ version: 1, profiles: [] })).toThrow();
    expect(readFileSync(configFilePath(dir), 'utf8')).toBe(
      '{ "version": 1, "profiles": [ { "id": ',
    );
    writeFileSync(configFilePath(dir), '{ "version": 1, "profiles": [] }');
    expect(repo.read()).toEqual({ version: 1, profiles: [] });
  });

  it('migrates an older file like the CLI does, keeping a backup of the original', async () => {
    const dir = tempDir();
    const old = JSON.stringify([
      {
        name: 'License proxy',
        host: 'proxy',
        username: 'rescale',
        forwards: ['-R 1055:licsrv:1055'],
      },
    ]);
    writeFileSync(configFilePath(dir), old);
    await migrateConfigFile(configFilePath(dir));
    const repo = createConfigRepository(openConf, dir);
    expect(repo.read()).toMatchObject({ version: 1, profiles: [{ user: 'rescale' }] });
    const backup = readdirSync(dir).find((f) => f.endsWith('.bak'));
    expect(backup && readFileSync(path.join(dir, backup), 'utf8')).toBe(old);
  });

  it('tells listeners when the CLI changes the file', async () => {
    const dir = tempDir();
    const repo = createConfigRepository(openConf, dir, { watchIntervalMs: 20 });
    repo.read();
    const seen: ConfigDocument[] = [];
    const stop = repo.onChange((document) => seen.push(document));
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await saveConfig(configFilePath(dir), { version: 1, profiles: [PROFILE] } as never);
      await vi.waitFor(() => expect(seen.at(-1)?.profiles).toMatchObject([{ id: 'lic' }]), {
        timeout: 3000,
      });
    } finally {
      stop();
    }
  });
});

describe('secrets through safeStorage', () => {
  const openSecrets = (dir: string) =>
    openConf<Record<string, string>>({ cwd: dir, name: 'secrets', configFileMode: 0o600 });

  it('keeps a password only encrypted on disk and gives it back to main', () => {
    const dir = tempDir();
    const secrets = createSafeStorageSecretStore(safeStorage, openSecrets(dir), 'win32');
    secrets.set('lic.password', 'hunter2-Passw0rd');
    const onDisk = readFileSync(path.join(dir, 'secrets.json'), 'utf8');
    expect(onDisk).toContain('lic.password');
    expect(onDisk).not.toContain('hunter2');
    expect(
      createSafeStorageSecretStore(safeStorage, openSecrets(dir), 'win32').get('lic.password'),
    ).toBe('hunter2-Passw0rd');
    secrets.delete('lic.password');
    expect(secrets.get('lic.password')).toBeUndefined();
  });

  it('refuses to store a secret when the OS offers no encryption', () => {
    const dir = tempDir();
    safeStorage.available = false;
    try {
      const secrets = createSafeStorageSecretStore(safeStorage, openSecrets(dir), 'win32');
      expect(() => secrets.set('lic.password', 'hunter2')).toThrow(
        expect.objectContaining({ code: 'encryption-unavailable' }),
      );
      expect(readdirSync(dir)).not.toContain('secrets.json');
    } finally {
      safeStorage.available = true;
    }
  });

  it('treats Linux’s keyring-less basic_text fallback as no encryption', () => {
    const dir = tempDir();
    safeStorage.backend = 'basic_text';
    try {
      const secrets = createSafeStorageSecretStore(safeStorage, openSecrets(dir), 'linux');
      expect(() => secrets.set('x', 'hunter2')).toThrow(
        expect.objectContaining({ code: 'encryption-unavailable' }),
      );
    } finally {
      safeStorage.backend = 'gnome_libsecret';
    }
  });
});
