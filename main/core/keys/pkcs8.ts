/**
 * PKCS#8 (`PRIVATE KEY` and PBES2 `ENCRYPTED PRIVATE KEY`). The DER structure is ours (asn1-keys);
 * PBES2 decryption and encryption are OpenSSL's through node:crypto, which implements every
 * PBKDF2/scrypt and cipher combination ssh-keygen and openssl write.
 */
import { createPrivateKey } from 'node:crypto';
import { fromPkcs8, toPkcs8 } from './asn1-keys';
import { int, oidHex, parseDer, seq, TAG } from './der';
import { KeyError } from './errors';
import type { PrivateKey } from './model';
import { DEFAULT_KDF_LIMITS } from './ppk-crypto';
import { readPemArmour, writePemArmour } from './text';
import type { ReadOptions, ReadResult } from './types';

export function isPkcs8(text: string): boolean {
  return /-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(text);
}

export function readPkcs8(text: string, options: ReadOptions = {}): ReadResult {
  const armour = readPemArmour(text);
  if (armour.label === 'PRIVATE KEY') {
    const key = fromPkcs8(armour.body);
    return { format: 'pem-pkcs8', encrypted: false, public: key, private: key };
  }
  if (armour.label !== 'ENCRYPTED PRIVATE KEY')
    throw new KeyError('key-unreadable', 'not a PKCS#8 key');
  if (options.passphrase === undefined) {
    throw new KeyError('key-locked', 'this PKCS#8 key is encrypted: a passphrase is needed');
  }
  checkPbeCost(
    armour.body,
    options.kdfLimits?.maxPbkdf2Iterations ?? DEFAULT_KDF_LIMITS.maxPbkdf2Iterations!,
  );
  let der: Buffer;
  try {
    der = createPrivateKey({
      key: armour.body,
      format: 'der',
      type: 'pkcs8',
      passphrase: options.passphrase,
    }).export({
      type: 'pkcs8',
      format: 'der',
    });
  } catch (error) {
    const text = (error as Error).message;
    if (/unsupported|unknown (cipher|algorithm)/i.test(text)) {
      throw new KeyError('unsupported', `PKCS#8 encryption is not supported: ${text}`);
    }
    if (
      /asn1|header too long|too long|wrong tag|nested asn1/i.test(text) &&
      !/decrypt/i.test(text)
    ) {
      throw new KeyError('key-unreadable', 'encrypted PKCS#8 key is malformed');
    }
    // OpenSSL reports a wrong key as a padding or decoding failure after decryption.
    throw new KeyError('wrong-passphrase', 'wrong passphrase for this PKCS#8 key');
  }
  const key = fromPkcs8(der);
  return { format: 'pem-pkcs8', encrypted: true, public: key, private: key };
}

export function writePkcs8(key: PrivateKey, passphrase?: string): string {
  const der = toPkcs8(key);
  if (!passphrase) return writePemArmour('PRIVATE KEY', der);
  // PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC: OpenSSL 3's default, read by ssh-keygen.
  const pem = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase,
  });
  return `${pem.toString().replace(/\r\n?/g, '\n').trimEnd()}\n`;
}

const PBES2 = '2a864886f70d01050d';
const PBKDF2 = '2a864886f70d01050c';
const SCRYPT = '2b06010401da47040b';

/**
 * The iteration count (or scrypt cost) comes from the file and OpenSSL would run whatever it
 * says: read it first and refuse absurd values, so a damaged or hostile file cannot stall us.
 */
function checkPbeCost(der: Buffer, limit: number): void {
  const what = 'encrypted PKCS#8 key';
  const alg = seq(seq(parseDer(der, what), what, 2)[0], what, 1);
  let cost = 0n;
  if (oidHex(alg[0], what) === PBES2) {
    const kdf = seq(seq(alg[1], what, 2)[0], what, 2);
    const params = seq(kdf[1], what, 2);
    const kdfOid = oidHex(kdf[0], what);
    if (kdfOid === PBKDF2) cost = int(params[1], what);
    else if (kdfOid === SCRYPT) {
      cost =
        int(params[1], what) *
        int(params[2], what) *
        (params[3]?.tag === TAG.INTEGER ? int(params[3], what) : 1n);
    }
  } else if (alg[1]?.children?.[1]?.tag === TAG.INTEGER) {
    cost = int(alg[1].children[1], what); // PBES1 / PKCS#12 PBE: (salt, iterations)
  }
  if (cost > BigInt(limit)) {
    throw new KeyError(
      'unsupported',
      `PKCS#8 key asks for an unreasonable key-derivation cost (${cost}); refusing to run it`,
    );
  }
}
