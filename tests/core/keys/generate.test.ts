import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey, type GenerateOptions } from '../../../main/core/keys/generate';
import { keyBits } from '../../../main/core/keys/model';
import { writeKey, writePublic } from '../../../main/core/keys/write';
import { keyOnly, puttygenPublic, sshKeygenPublic, tempDir } from '../../helpers/keytools';

describe('generated keys are accepted by puttygen and ssh-keygen', () => {
  const dir = tempDir();
  const cases: [GenerateOptions, string, number][] = [
    [{ type: 'ed25519' }, 'ssh-ed25519', 256],
    [{ type: 'ed448' }, 'ssh-ed448', 448],
    [{ type: 'ecdsa' }, 'ecdsa-sha2-nistp256', 256],
    [{ type: 'ecdsa', bits: 384 }, 'ecdsa-sha2-nistp384', 384],
    [{ type: 'ecdsa', bits: 521 }, 'ecdsa-sha2-nistp521', 521],
    [{ type: 'rsa', bits: 2048 }, 'ssh-rsa', 2048],
  ];

  it.each(cases)('%o → %s (%i bits)', async (options, keyType, bits) => {
    const key = await generateKey({ ...options, comment: 'fresh' });
    expect([key.type, keyBits(key), key.comment]).toEqual([keyType, bits, 'fresh']);
    const expected = keyOnly(writePublic(key, 'openssh'));
    const name = path.join(dir, `${keyType}-${bits}`);
    writeFileSync(`${name}.ppk`, await writeKey(key, 'ppk3'), { mode: 0o600 });
    expect(await puttygenPublic(`${name}.ppk`)).toBe(expected);
    if (keyType !== 'ssh-ed448') {
      writeFileSync(name, await writeKey(key, 'openssh'), { mode: 0o600 });
      expect(await sshKeygenPublic(name)).toBe(expected);
    }
  });

  it('defaults to RSA 3072 and refuses sizes outside 2048–8192', async () => {
    expect(keyBits(await generateKey({ type: 'rsa' }))).toBe(3072);
    await expect(generateKey({ type: 'rsa', bits: 1024 })).rejects.toMatchObject({
      code: 'unsupported',
    });
    await expect(generateKey({ type: 'rsa', bits: 16384 })).rejects.toMatchObject({
      code: 'unsupported',
    });
    await expect(generateKey({ type: 'ecdsa', bits: 255 })).rejects.toMatchObject({
      code: 'unsupported',
    });
  });
});
