import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { utils } from 'ssh2';
import { KeyError } from './errors';

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
 * Interim implementation on ssh2's parser (OpenSSH and PEM only); the key toolkit replaces the
 * body with its own readers (PPK v2/v3, PKCS#8, ssh.com) keeping this signature.
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
  const parsed = utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    const text = parsed.message;
    if (/no passphrase/i.test(text))
      throw new KeyError('key-locked', `${path} is encrypted: a passphrase is needed`);
    if (/bad passphrase|decrypt/i.test(text))
      throw new KeyError('wrong-passphrase', `wrong passphrase for ${path}`);
    throw new KeyError('key-unreadable', `${path}: ${text}`);
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new KeyError('key-unreadable', `${path}: no key found`);
  const blob = key.getPublicSSH();
  return {
    ssh2Key: Buffer.from(key.getPrivatePEM()),
    keyType: key.type,
    fingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
    comment: key.comment,
  };
}
