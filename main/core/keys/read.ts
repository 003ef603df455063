import { KeyError } from './errors';
import { detectKind } from './detect';
import type { PrivateKey } from './model';
import { readOpenSsh } from './openssh';
import { readOpenSshPublic } from './openssh-public';
import { readPem } from './pem';
import { readPkcs8 } from './pkcs8';
import { readPpk } from './ppk';
import { readRfc4716 } from './rfc4716';
import { readSshCom } from './sshcom';
import { decodeKeyText } from './text';
import type { ReadOptions, ReadResult } from './types';

/** Files larger than this are not keys (an 8192-bit RSA PPK is about 6 KiB). */
const MAX_KEY_FILE = 256 * 1024;

/**
 * Reads any supported key file. Every failure is a KeyError; anything else escaping a parser is
 * a bug, but is still reported as an unreadable key rather than crashing the caller.
 */
export async function readKey(
  data: Buffer | string,
  options: ReadOptions = {},
): Promise<ReadResult> {
  if (data.length > MAX_KEY_FILE)
    throw new KeyError('key-unreadable', 'file is too large to be a key');
  const { text, latin1 } = decodeKeyText(data);
  try {
    switch (detectKind(text)) {
      case 'ppk':
        return await readPpk(text.trimStart(), options, latin1 ? 'latin1' : 'utf8');
      case 'openssh':
        return await readOpenSsh(text, options);
      case 'pem':
        return readPem(text, options);
      case 'pkcs8':
        return readPkcs8(text, options);
      case 'sshcom':
        return readSshCom(text, options);
      case 'rfc4716-public':
        return { format: 'rfc4716-public', encrypted: false, public: readRfc4716(text) };
      case 'openssh-public':
        return { format: 'openssh-public', encrypted: false, public: readOpenSshPublic(text) };
      case 'ssh1':
        throw new KeyError(
          'unsupported',
          'SSH-1 (protocol version 1) keys are not supported; generate a new key',
        );
      case 'public-pem':
        throw new KeyError(
          'unsupported',
          'PEM public keys are not supported; use the private key or an OpenSSH .pub line',
        );
      case 'unknown':
        throw new KeyError('key-unreadable', 'not a key file in any supported format');
    }
  } catch (error) {
    if (error instanceof KeyError) throw error;
    throw new KeyError('key-unreadable', `key file is malformed (${(error as Error).message})`);
  }
}

/** The private key of a read result, or the "passphrase needed" error the callers all want. */
export function requirePrivate(result: ReadResult): PrivateKey {
  if (result.private) return result.private;
  if (result.encrypted)
    throw new KeyError('key-locked', 'this key is encrypted: a passphrase is needed');
  throw new KeyError('unsupported', 'this is a public key; a private key is needed');
}
