import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../../../main/core/keys/load';
import { keyOnly, passFile, puttygen, tempDir } from '../../helpers/keytools';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { sha256Fingerprint } from '../../../main/core/keys/fingerprint';

function login(sshd: SshdHandle, privateKey: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.exec('echo authenticated-by-key', (error, stream) => {
        if (error) return reject(error);
        let out = '';
        stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
        stream.on('close', () => {
          client.end();
          resolve(out.trim());
        });
      });
    });
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey,
      hostVerifier: (key: Buffer) => sha256Fingerprint(key) === sshd.hostKeyFingerprint,
      readyTimeout: 15_000,
    });
  });
}

describe('authentication against a real sshd with keys only this toolkit can read', () => {
  let sshd: SshdHandle;
  const dir = tempDir();
  const pf = passFile(dir, 'unlock me please');
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    sshd = await startSshd();
    for (const [name, type, extra] of [
      ['ed25519', 'ed25519', []],
      ['ecdsa', 'ecdsa', ['-b', '256']],
      ['rsa', 'rsa', ['-b', '2048']],
    ] as const) {
      const file = path.join(dir, `${name}.ppk`);
      await puttygen([
        '-t',
        type,
        ...extra,
        '-C',
        `tk-${name}`,
        '-o',
        file,
        '--new-passphrase',
        pf,
      ]);
      keys[name] = file;
      const pub = path.join(dir, `${name}.pub`);
      await puttygen([file, '--old-passphrase', pf, '-L', '-o', pub]);
      sshd.authorize(readFileSync(pub, 'utf8').trim());
    }
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it.each(['ed25519', 'ecdsa', 'rsa'])(
    'logs in with a passphrase-protected PPK v3 %s key',
    async (name) => {
      const file = keys[name]!;
      expect(readFileSync(file, 'utf8')).toMatch(
        /^PuTTY-User-Key-File-3: .*\nEncryption: aes256-cbc\n[\s\S]*Key-Derivation: Argon2id\n/,
      );
      const loaded = await loadPrivateKey(file, 'unlock me please');
      expect(loaded.comment).toBe(`tk-${name}`);
      const pub = keyOnly(readFileSync(path.join(dir, `${name}.pub`), 'utf8'));
      expect(loaded.fingerprint).toBe(sha256Fingerprint(Buffer.from(pub.split(' ')[1]!, 'base64')));
      expect(await login(sshd, loaded.ssh2Key)).toBe('authenticated-by-key');
    },
  );

  it('refuses to unlock with a wrong or missing passphrase, with distinct codes', async () => {
    await expect(loadPrivateKey(keys.ed25519!, 'guess')).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    await expect(loadPrivateKey(keys.ed25519!)).rejects.toMatchObject({ code: 'key-locked' });
    await expect(loadPrivateKey(path.join(dir, 'missing.ppk'))).rejects.toMatchObject({
      code: 'key-unreadable',
    });
  });
});
