import { readFile } from 'node:fs/promises';
import { utils } from 'ssh2';
import { KeyError } from './errors';
import { sha256Fingerprint } from './fingerprint';
import { writeOpenSsh } from './openssh';
import { readKey, requirePrivate } from './read';

/** A private key made ready for ssh2: the tunnel engine's only entry into the key toolkit. */
export interface LoadedKey {
  /** A private key in a form ssh2's `privateKey` option accepts, unencrypted. */
  ssh2Key: Buffer;
  keyType: string;
  fingerprint: string;
  comment: string;
}

/**
 * Reads and unlocks a private key file for authentication.
 * Throws KeyError('key-unreadable' | 'key-locked' | 'wrong-passphrase' | 'corrupt' | 'unsupported').
 *
 * Every format the toolkit reads is re-encoded as an unencrypted openssh-key-v1 buffer: ssh2
 * parses that form for every key type it supports, whereas it cannot read PPK v3, Ed25519/ECDSA
 * PPK or PKCS#8 itself.
 */
export async function loadPrivateKey(path: string, passphrase?: string): Promise<LoadedKey> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw new KeyError(
      'key-unreadable',
      `cannot read key file ${path}: ${(error as Error).message}`,
    );
  }
  let key;
  try {
    key = requirePrivate(await readKey(data, { passphrase }));
  } catch (error) {
    if (error instanceof KeyError) throw new KeyError(error.code, `${path}: ${error.message}`);
    throw error;
  }
  if (key.type === 'ssh-ed448') {
    throw new KeyError(
      'unsupported',
      `${path}: Ed448 keys cannot be used for SSH connections here (ssh2 and OpenSSH servers do not support Ed448)`,
    );
  }
  const ssh2Key = Buffer.from(writeOpenSsh(key), 'utf8');
  const parsed = utils.parseKey(ssh2Key);
  if (parsed instanceof Error) {
    throw new KeyError(
      'unsupported',
      `${path}: ${key.type} keys are not supported for connections (${parsed.message})`,
    );
  }
  return {
    ssh2Key,
    keyType: key.type,
    fingerprint: sha256Fingerprint(key.blob),
    comment: key.comment,
  };
}
