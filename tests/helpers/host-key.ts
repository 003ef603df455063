import { generateKey, writeKey } from '../../main/core/keys';

/**
 * A fresh ed25519 host key for an in-process ssh2 Server, in OpenSSH format. Not ssh2's own
 * `utils.generateKeyPairSync`: about 1 key in 300 it writes cannot be parsed back by ssh2.
 */
export async function testHostKey(): Promise<string> {
  return writeKey(await generateKey({ type: 'ed25519' }), 'openssh');
}
