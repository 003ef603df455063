/**
 * "Traditional" OpenSSL PEM: PKCS#1 RSA, SEC1 EC and DSA keys, optionally encrypted the legacy
 * way (RFC 1421 `Proc-Type`/`DEK-Info`, key from EVP_BytesToKey-MD5). Ed25519/Ed448 have no
 * traditional form, so `--to pem` writes PKCS#8 for them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { dsaFromDer, dsaToDer, ecFromSec1, ecToSec1, rsaFromPkcs1, rsaToPkcs1 } from './asn1-keys';
import { KeyError } from './errors';
import type { PrivateKey } from './model';
import { writePkcs8 } from './pkcs8';
import { readPemArmour, writePemArmour } from './text';
import type { KeyFormat, ReadOptions, ReadResult } from './types';

const LEGACY: Record<string, { node: string; keyLen: number }> = {
  'AES-128-CBC': { node: 'aes-128-cbc', keyLen: 16 },
  'AES-192-CBC': { node: 'aes-192-cbc', keyLen: 24 },
  'AES-256-CBC': { node: 'aes-256-cbc', keyLen: 32 },
  'DES-EDE3-CBC': { node: 'des-ede3-cbc', keyLen: 24 },
  'DES-CBC': { node: 'des-cbc', keyLen: 8 },
};

const LABELS: Record<string, { format: KeyFormat; parse: (der: Buffer) => PrivateKey }> = {
  'RSA PRIVATE KEY': { format: 'pem-pkcs1', parse: (d) => rsaFromPkcs1(d) },
  'EC PRIVATE KEY': { format: 'pem-sec1', parse: (d) => ecFromSec1(d) },
  'DSA PRIVATE KEY': { format: 'pem-dsa', parse: (d) => dsaFromDer(d) },
};

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration: what legacy PEM encryption uses. */
function bytesToKey(passphrase: string, salt: Buffer, len: number): Buffer {
  const pass = Buffer.from(passphrase, 'utf8');
  const out: Buffer[] = [];
  let prev = Buffer.alloc(0);
  let total = 0;
  while (total < len) {
    prev = createHash('md5').update(prev).update(pass).update(salt).digest();
    out.push(prev);
    total += prev.length;
  }
  return Buffer.concat(out).subarray(0, len);
}

export function isTraditionalPem(text: string): boolean {
  return /-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----/.test(text);
}

export function readPem(text: string, options: ReadOptions = {}): ReadResult {
  const armour = readPemArmour(text);
  const kind = LABELS[armour.label];
  if (!kind)
    throw new KeyError(
      'key-unreadable',
      `PEM block "${armour.label}" is not a private key we read`,
    );
  const encrypted = armour.headers.get('proc-type')?.includes('ENCRYPTED') ?? false;
  let der = armour.body;
  if (encrypted) {
    const dek = /^([A-Z0-9-]+),([0-9A-Fa-f]+)$/.exec(armour.headers.get('dek-info') ?? '');
    if (!dek)
      throw new KeyError('key-unreadable', 'encrypted PEM key has no valid DEK-Info header');
    const cipher = LEGACY[dek[1]!];
    if (!cipher) throw new KeyError('unsupported', `PEM encryption "${dek[1]}" is not supported`);
    if (options.passphrase === undefined) {
      throw new KeyError('key-locked', 'this PEM key is encrypted: a passphrase is needed');
    }
    const iv = Buffer.from(dek[2]!, 'hex');
    let decipher;
    try {
      decipher = createDecipheriv(
        cipher.node,
        bytesToKey(options.passphrase, iv.subarray(0, 8), cipher.keyLen),
        iv,
      );
    } catch {
      throw new KeyError(
        'unsupported',
        `PEM encryption "${dek[1]}" is not available in this runtime`,
      );
    }
    try {
      der = Buffer.concat([decipher.update(der), decipher.final()]);
      // Bad CBC padding or a DER structure that does not parse both mean the key was wrong:
      // a wrong key yields valid padding 1 time in 256 and a valid DER key practically never.
      const key = kind.parse(der);
      return { format: kind.format, encrypted, public: key, private: key };
    } catch (error) {
      if (error instanceof KeyError && error.code === 'corrupt') throw error;
      throw new KeyError('wrong-passphrase', 'wrong passphrase for this PEM key');
    }
  }
  const key = kind.parse(der);
  return { format: kind.format, encrypted, public: key, private: key };
}

export function writePem(key: PrivateKey, passphrase?: string): string {
  let label: string;
  let der: Buffer;
  switch (key.parts.kind) {
    case 'rsa':
      [label, der] = ['RSA PRIVATE KEY', rsaToPkcs1(key)];
      break;
    case 'ecdsa':
      [label, der] = ['EC PRIVATE KEY', ecToSec1(key, true)];
      break;
    case 'dsa':
      [label, der] = ['DSA PRIVATE KEY', dsaToDer(key)];
      break;
    case 'eddsa':
      return writePkcs8(key, passphrase);
  }
  if (!passphrase) return writePemArmour(label, der);
  // AES-128-CBC is what `ssh-keygen -m PEM` writes and one of the two ciphers PuTTY imports.
  const iv = randomBytes(16);
  const c = createCipheriv('aes-128-cbc', bytesToKey(passphrase, iv.subarray(0, 8), 16), iv);
  const sealed = Buffer.concat([c.update(der), c.final()]);
  return writePemArmour(label, sealed, [
    ['Proc-Type', '4,ENCRYPTED'],
    ['DEK-Info', `AES-128-CBC,${iv.toString('hex').toUpperCase()}`],
  ]);
}
