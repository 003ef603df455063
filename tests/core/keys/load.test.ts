import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { utils } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../main/core/keys/generate';
import { loadPrivateKey } from '../../../main/core/keys/load';
import { readKey, requirePrivate } from '../../../main/core/keys/read';
import { writeKey, type TargetFormat } from '../../../main/core/keys/write';
import { puttygen, sshKeygen, tempDir } from '../../helpers/keytools';

describe('loadPrivateKey hands ssh2 a key it parses, from every format', () => {
  const dir = tempDir();

  it.each(['ed25519', 'ecdsa', 'rsa'] as const)(
    '%s in every written format, plain and encrypted',
    async (type) => {
      const key = await generateKey({
        type,
        bits: type === 'rsa' ? 2048 : undefined,
        comment: `load-${type}`,
      });
      for (const target of ['ppk3', 'ppk2', 'openssh', 'pem', 'pkcs8'] as TargetFormat[]) {
        for (const passphrase of [undefined, 'sesame']) {
          const file = path.join(dir, `${type}-${target}-${passphrase ? 'enc' : 'plain'}`);
          writeFileSync(file, await writeKey(key, target, { passphrase, argon2: { passes: 2 } }));
          const loaded = await loadPrivateKey(file, passphrase);
          const parsed = utils.parseKey(loaded.ssh2Key);
          if (parsed instanceof Error) throw parsed;
          const one = Array.isArray(parsed) ? parsed[0] : parsed;
          expect([target, one?.getPublicSSH().equals(key.blob)]).toEqual([target, true]);
          expect(loaded.keyType).toBe(key.type);
          // ssh2 must be able to sign with it, or authentication would fail later.
          expect(one?.sign(Buffer.from('challenge'))).toBeInstanceOf(Buffer);
        }
      }
    },
  );

  it('loads ssh.com and DSA keys written by puttygen / ssh-keygen', async () => {
    const dsa = path.join(dir, 'dsa');
    await sshKeygen(['-t', 'dsa', '-N', '', '-f', dsa]);
    await puttygen([dsa, '-O', 'private-sshcom', '-o', `${dsa}.sshcom`]);
    const loaded = await loadPrivateKey(`${dsa}.sshcom`);
    expect(loaded.keyType).toBe('ssh-dss');
    const expected = requirePrivate(await readKey(readFileSync(dsa)));
    const parsed = utils.parseKey(loaded.ssh2Key);
    if (parsed instanceof Error) throw parsed;
    expect((Array.isArray(parsed) ? parsed[0] : parsed)?.getPublicSSH().equals(expected.blob)).toBe(
      true,
    );
  });

  it('says clearly that Ed448 cannot be used for connections', async () => {
    const file = path.join(dir, 'ed448.ppk');
    await puttygen(['-t', 'ed448', '-o', file, '--new-passphrase', '/dev/null']);
    await expect(loadPrivateKey(file)).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/Ed448/),
    });
  });
});
