import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, configJsonSchemaText } from '../../../main/core/config/json-schema';
import { bindAddressOf } from '../../../main/core/config/schema';
import {
  ConfigError,
  loadConfig,
  parseConfig,
  resolveProfilePaths,
  saveConfig,
  type ConfigDocumentInput,
} from '../../../main/core/config/profile';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tk-config-'));

const minimal: ConfigDocumentInput = {
  version: 1,
  profiles: [
    {
      id: 'lic',
      name: 'License proxy',
      host: 'proxy.example.com',
      user: 'rescale',
      auth: { keyFile: 'C:\\keys\\id.ppk' },
      forwards: [
        { type: 'remote', id: 'ansys', bindPort: 1055, targetHost: 'licsrv', targetPort: 1055 },
      ],
    },
  ],
};

describe('config model', () => {
  it('fills defaults: loopback bind, strict host keys, keepalive that declares death within 30 s', () => {
    const { document, warnings } = parseConfig(JSON.stringify(minimal));
    const p = document.profiles[0]!;
    expect(p.port).toBe(22);
    // A remote forward without an address asks the server for its default, as ssh -R does.
    expect(p.forwards[0]!.bindAddress).toBeUndefined();
    expect(bindAddressOf(p.forwards[0]!)).toBe('localhost');
    expect(p.hostKey.policy).toBe('strict');
    expect((p.keepalive.countMax + 1) * p.keepalive.intervalSeconds).toBeLessThanOrEqual(30);
    expect(warnings).toEqual([]);
  });

  it('flags all-interface binds as a warning, not an error', () => {
    const doc = structuredClone(minimal);
    doc.profiles[0]!.forwards![0]!.bindAddress = '0.0.0.0';
    const { warnings } = parseConfig(JSON.stringify(doc));
    expect(warnings.map((w) => w.code)).toEqual(['bind-all-interfaces']);
  });

  it('rejects duplicate profile ids, bad ports and unknown fields with a path', () => {
    const doc = structuredClone(minimal) as { profiles: Record<string, unknown>[] };
    doc.profiles.push({ ...doc.profiles[0]!, port: 70000, hots: 'typo' });
    const error = (() => {
      try {
        parseConfig(JSON.stringify(doc));
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('accepted');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/profiles\[1\]\.port/);
    expect(error.message).toMatch(/hots/);
    expect(error.message).toMatch(/duplicate profile id "lic"/);
  });

  it('refuses a document from a newer version', () => {
    expect(() => parseConfig('{"version": 9, "profiles": []}')).toThrow(/newer/);
  });

  it('reports malformed JSON and leaves the file untouched', async () => {
    const dir = tmp();
    const file = path.join(dir, 'c.json');
    writeFileSync(file, '{"version":1, "profiles": [');
    await expect(loadConfig(file)).rejects.toThrow(/not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{"version":1, "profiles": [');
    expect(readdirSync(dir)).toEqual(['c.json']);
  });

  it('migrates an unversioned document, backs up the original and writes atomically', async () => {
    const dir = tmp();
    const file = path.join(dir, 'c.json');
    const v0 = {
      profiles: [
        {
          name: 'Rescale',
          host: 'clp.example.com',
          username: 'rescale',
          keyFile: 'id.ppk',
          hostkey: 'SHA256:' + 'A'.repeat(43),
          forwards: ['-R 4085:Server:4085', 'L 0.0.0.0:8080:web:80', 'D1080'],
        },
        { id: 'rescale', name: 'other', host: 'h', user: 'u' },
      ],
    };
    const original = JSON.stringify(v0);
    writeFileSync(file, original);
    const loaded = await loadConfig(file);
    expect(loaded.fromVersion).toBe(0);
    expect(loaded.migrated).toBe(true);
    expect(readFileSync(loaded.backupPath!, 'utf8')).toBe(original);
    const [a, b] = loaded.document.profiles;
    expect(b!.id).toBe('rescale');
    expect(a!.id).toBe('rescale-2');
    expect(a!.user).toBe('rescale');
    expect(a!.auth.keyFile).toBe('id.ppk');
    expect(a!.hostKey.pinned).toEqual(['SHA256:' + 'A'.repeat(43)]);
    expect(a!.forwards).toMatchObject([
      {
        type: 'remote',
        bindPort: 4085,
        targetHost: 'Server',
        targetPort: 4085,
      },
      { type: 'local', bindAddress: '0.0.0.0', bindPort: 8080, targetHost: 'web', targetPort: 80 },
      { type: 'dynamic', bindPort: 1080 },
    ]);
    const rewritten = JSON.parse(readFileSync(file, 'utf8')) as { version: number };
    expect(rewritten.version).toBe(1);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // A second load is a no-op: nothing more to migrate, no new backup.
    const again = await loadConfig(file);
    expect(again.migrated).toBe(false);
    expect(readdirSync(dir).filter((n) => n.endsWith('.bak'))).toHaveLength(1);
  });

  it('saveConfig refuses an invalid document and keeps the previous file', async () => {
    const dir = tmp();
    const file = path.join(dir, 'c.json');
    await saveConfig(file, minimal);
    const before = readFileSync(file, 'utf8');
    const bad = structuredClone(minimal);
    bad.profiles[0]!.host = '';
    await expect(saveConfig(file, bad)).rejects.toThrow(ConfigError);
    expect(readFileSync(file, 'utf8')).toBe(before);
    if (process.platform !== 'win32') {
      const { statSync } = await import('node:fs');
      expect(statSync(file).mode & 0o077).toBe(0);
    }
  });

  it('key and known_hosts paths: ~ is home, relative is next to the config file', () => {
    const { document } = parseConfig(JSON.stringify(minimal));
    const p = {
      ...document.profiles[0]!,
      auth: { agent: false, keyFile: '~/.ssh/id_ed25519', passphraseFile: 'pass.txt' },
    };
    const resolved = resolveProfilePaths(p, path.join(os.tmpdir(), 'cfg'));
    expect(resolved.auth.keyFile).toBe(path.join(os.homedir(), '.ssh', 'id_ed25519'));
    expect(resolved.auth.passphraseFile).toBe(path.join(os.tmpdir(), 'cfg', 'pass.txt'));
  });

  it('a bare array of profiles (oldest form) migrates too', () => {
    const { document, fromVersion } = parseConfig(
      JSON.stringify([{ name: 'A b', host: 'h', user: 'u', forwards: ['R1055:licsrv:1055'] }]),
    );
    expect(fromVersion).toBe(0);
    expect(document.profiles[0]).toMatchObject({
      id: 'a-b',
      forwards: [{ id: 'f1', type: 'remote' }],
    });
  });

  it('the published JSON Schema (docs/config.schema.json) is current', () => {
    const file = path.resolve('docs/config.schema.json');
    if (process.env.UPDATE_CONFIG_SCHEMA === '1') writeFileSync(file, configJsonSchemaText());
    // Compared as JSON so that Prettier may format the committed file.
    expect(
      JSON.parse(readFileSync(file, 'utf8')),
      'run with UPDATE_CONFIG_SCHEMA=1 to regenerate',
    ).toEqual(configJsonSchema());
  });
});
