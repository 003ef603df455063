import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreDiagnostics } from '../../main/app/core-diagnostics';
import { coreImports } from '../../main/app/core-imports';
import { coreKeyService } from '../../main/app/core-keys';
import { errorCode } from '../../main/app/errors';
import { Keyring } from '../../main/core/auth/agent/keyring';
import { ProfileSchema, type Profile } from '../../main/core/config/profile';
import {
  DiagnosticReportSchema,
  ImportPreviewSchema,
  KeyInfoSchema,
  KeyResultSchema,
  KeySummarySchema,
} from '../../contract';
import { requirePeer } from '../helpers/peers';
import { freePort } from '../helpers/ports';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tk-keys-'));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => errorCode(error),
  );

describe('the key wizard over the core key toolkit', () => {
  it('generates a key, writes the .pub beside it, and answers the public half only', async () => {
    const dir = tmp();
    const keys = coreKeyService(() => []);
    const output = path.join(dir, 'id_ed25519');
    const result = KeyResultSchema.parse(
      await keys.generate({
        type: 'ed25519',
        comment: 'admin@licsrv',
        passphrase: 'correct horse',
        format: 'openssh',
        outputPath: output,
      }),
    );
    expect(result.publicKeyLine).toMatch(/^ssh-ed25519 AAAA\S+ admin@licsrv$/);
    expect(result.key).toMatchObject({ type: 'ssh-ed25519', encrypted: true });
    expect(readFileSync(`${output}.pub`, 'utf8')).toBe(`${result.publicKeyLine}\n`);
    expect(readFileSync(output, 'utf8')).toContain('BEGIN OPENSSH PRIVATE KEY');
    expect(JSON.stringify(result)).not.toContain('correct horse');
  });

  it('inspects an encrypted key, opens it with the passphrase, and names a wrong one', async () => {
    const dir = tmp();
    const keys = coreKeyService(() => []);
    const file = path.join(dir, 'id');
    const made = await keys.generate({
      type: 'ecdsa-p256',
      comment: '',
      passphrase: 'pw',
      format: 'openssh',
      outputPath: file,
    });
    expect(KeyInfoSchema.parse(await keys.inspect(file))).toMatchObject({
      encrypted: true,
      unlocked: false,
      fingerprint: made.key.fingerprint,
      publicKey: made.publicKeyLine.trim(),
    });
    expect((await keys.inspect(file, 'pw')).unlocked).toBe(true);
    expect(await codeOf(keys.inspect(file, 'nope'))).toBe('wrong-passphrase');
  });

  it('converts to PPK v3 for PuTTY and never overwrites an existing file', async () => {
    const dir = tmp();
    const keys = coreKeyService(() => []);
    const source = path.join(dir, 'id');
    await keys.generate({ type: 'ed25519', comment: 'c', format: 'openssh', outputPath: source });
    const request = {
      sourcePath: source,
      targetFormat: 'ppk3' as const,
      outputPath: path.join(dir, 'id.ppk'),
    };
    const converted = await keys.convert(request);
    expect(readFileSync(request.outputPath, 'utf8')).toMatch(/^PuTTY-User-Key-File-3: ssh-ed25519/);
    expect(converted.key.format).toBe('ppk3');
    expect(await codeOf(keys.convert(request))).toBe('file-exists');
  });

  it('lists the keys the profiles use, by fingerprint', async () => {
    const dir = tmp();
    const file = path.join(dir, 'id');
    const made = await coreKeyService(() => []).generate({
      type: 'ed25519',
      comment: 'x',
      format: 'openssh',
      outputPath: file,
    });
    const profile = ProfileSchema.parse({
      id: 'lic',
      name: 'L',
      host: 'h',
      user: 'u',
      auth: { keyFile: file },
    });
    const missing = {
      ...profile,
      id: 'gone',
      auth: { ...profile.auth, keyFile: path.join(dir, 'nope') },
    };
    const listed = await coreKeyService(() => [profile, missing]).list();
    expect(listed).toEqual([
      expect.objectContaining({ path: file, fingerprint: made.key.fingerprint }),
    ]);
  });

  it('unlocks a PuTTY key into the agent’s keyring once, and locks it again', async () => {
    const dir = tmp();
    const file = path.join(dir, 'admin.ppk');
    const pass = path.join(dir, 'pass');
    writeFileSync(pass, 'correct horse\n');
    execFileSync(requirePeer('puttygen'), [
      '-q',
      '-t',
      'ed25519',
      '-C',
      'admin@licsrv',
      '--new-passphrase',
      pass,
      '-O',
      'private',
      '-o',
      file,
    ]);
    const profile = ProfileSchema.parse({
      id: 'lic',
      name: 'L',
      host: 'h',
      user: 'u',
      auth: { keyFile: file },
    });
    const keyring = new Keyring();
    const keys = coreKeyService(() => [profile], keyring);
    const [listed] = await keys.list();
    expect(listed).toMatchObject({ path: file, encrypted: true, unlocked: false });

    expect(await codeOf(keys.unlock(file, 'wrong horse'))).toBe('wrong-passphrase');
    expect(await codeOf(keys.unlock(file))).toBe('key-locked');
    expect(keyring.list()).toEqual([]);

    const unlocked = KeySummarySchema.parse(await keys.unlock(file, 'correct horse'));
    expect(unlocked).toMatchObject({ id: listed!.id, unlocked: true, format: 'ppk3' });
    expect(JSON.stringify(unlocked)).not.toContain('correct horse');
    expect(await keys.list()).toEqual([
      expect.objectContaining({ id: listed!.id, unlocked: true }),
    ]);
    expect(keyring.list()).toEqual([
      expect.objectContaining({ fingerprint: listed!.fingerprint, locked: false, source: file }),
    ]);

    await keys.lock(listed!.id);
    expect(await keys.list()).toEqual([
      expect.objectContaining({ id: listed!.id, unlocked: false }),
    ]);
    expect(keyring.identities()).toEqual([]);
    await keys.lock(listed!.id); // already locked: fine
    expect(await codeOf(keys.lock('0123456789abcdef'))).toBe('not-found');
  });

  it('spots a pasted public key that lost its line', async () => {
    const keys = coreKeyService(() => []);
    const dir = tmp();
    const made = await keys.generate({
      type: 'ed25519',
      comment: 'c',
      format: 'openssh',
      outputPath: path.join(dir, 'k'),
    });
    expect((await keys.checkPublic(made.publicKeyLine)).ok).toBe(true);
    const broken = await keys.checkPublic(made.publicKeyLine.slice(0, 40));
    expect(broken.ok).toBe(false);
    expect(broken.problem).not.toBeNull();
  });
});

describe('import preview over the core importers', () => {
  it('reads the provider’s plink line into a profile with its reverse forwards', () => {
    const preview = ImportPreviewSchema.parse(
      coreImports.preview(
        'auto',
        'plink.exe -ssh -i C:\\Users\\me\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:Server:4085 -R 4084:Server:4084 -v -N -batch',
        [],
      ),
    );
    expect(preview.profiles).toHaveLength(1);
    expect(preview.profiles[0]).toMatchObject({
      host: 'clp.tunnel.example.com',
      user: 'rescale',
      forwards: [
        { type: 'remote', bindPort: 4085, targetHost: 'Server', targetPort: 4085 },
        { type: 'remote', bindPort: 4084, targetHost: 'Server', targetPort: 4084 },
      ],
    });
  });

  it('fails as import-failed on text with nothing to import', () => {
    expect(() => coreImports.preview('auto', 'hello world', [])).toThrow();
    try {
      coreImports.preview('auto', 'hello world', []);
    } catch (error) {
      expect(errorCode(error)).toBe('import-failed');
    }
  });
});

describe('diagnostics over the core checks', () => {
  it('runs the checks for a profile and reports the cause in the bridge’s shape', async () => {
    const profile: Profile = ProfileSchema.parse({
      id: 'lic',
      name: 'L',
      host: '127.0.0.1',
      port: await freePort(),
      user: 'u',
    });
    const report = DiagnosticReportSchema.parse(await coreDiagnostics(() => [profile]).run('lic'));
    expect(report.cause).toBe('tcp-refused');
    expect(report.steps.find((s) => s.id === 'tcp')).toMatchObject({
      status: 'fail',
      cause: 'tcp-refused',
    });
    expect(report.advice.length).toBeGreaterThan(0);
    expect(await codeOf(coreDiagnostics(() => []).run('nope'))).toBe('not-found');
  });
});
