import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../../../main/core/keys/generate';
import { keyBits } from '../../../main/core/keys/model';
import { readKey, requirePrivate } from '../../../main/core/keys/read';
import { writeKey, writePublic } from '../../../main/core/keys/write';
import {
  keyOnly,
  passFile,
  puttygenPublic,
  sshKeygenPublic,
  tempDir,
} from '../../helpers/keytools';
import { partsOf } from './interop-suite';

// The one 8192-bit key of the suite (generation alone takes 10–60 s on a busy machine).
describe('RSA 8192, the upper end of the supported range', () => {
  it('is generated, written as PPK v3 and OpenSSH, and read back by puttygen and ssh-keygen', async () => {
    const dir = tempDir();
    const key = await generateKey({ type: 'rsa', bits: 8192, comment: 'big' });
    expect(keyBits(key)).toBe(8192);
    const expected = keyOnly(writePublic(key, 'openssh'));
    const ppk = path.join(dir, 'big.ppk');
    const ppkText = await writeKey(key, 'ppk3', { passphrase: 'eight k' });
    writeFileSync(ppk, ppkText, { mode: 0o600 });
    expect(await puttygenPublic(ppk, passFile(dir, 'eight k'))).toBe(expected);
    const ossh = path.join(dir, 'big');
    writeFileSync(ossh, await writeKey(key, 'openssh'), { mode: 0o600 });
    expect(await sshKeygenPublic(ossh)).toBe(expected);
    expect(partsOf(requirePrivate(await readKey(ppkText, { passphrase: 'eight k' })))).toBe(
      partsOf(key),
    );
  }, 180_000);
});
