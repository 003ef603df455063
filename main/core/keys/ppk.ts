/**
 * PuTTY private key files, versions 2 and 3, read and written here rather than by a library:
 * ssh2 and sshpk read neither v3 (Argon2) nor Ed25519/ECDSA in PPK, and sshpk never checks the
 * MAC, so a tampered or damaged file would be accepted silently.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { KeyError } from './errors';
import { isKeyType, makePrivateKey, parsePublicBlob, type PrivateKey } from './model';
import { readPpkPrivate, writePpkPrivate } from './ppk-blob';
import {
  aes256cbc,
  checkKdfLimits,
  DEFAULT_KDF_LIMITS,
  ppk2Keys,
  ppk3Keys,
  ppkMac,
  PUTTY_DEFAULT_ARGON2,
  type Argon2Flavour,
  type Argon2Params,
} from './ppk-crypto';
import { SshWriter } from './sshbuf';
import { decodeBase64, finishText, wrap } from './text';
import type { ReadOptions, ReadResult } from './types';

const MAX_LINES = 1024; // PuTTY's own bound: an 8192-bit RSA key needs well under 100

class Lines {
  private i = 0;
  constructor(private readonly lines: string[]) {}

  header(name: string): string {
    const line = this.lines[this.i];
    const prefix = `${name}: `;
    if (line === undefined || !line.startsWith(prefix)) {
      throw new KeyError(
        'key-unreadable',
        `PPK file is truncated or malformed (expected "${name}")`,
      );
    }
    this.i++;
    return line.slice(prefix.length);
  }

  peek(name: string): boolean {
    return this.lines[this.i]?.startsWith(`${name}: `) ?? false;
  }

  count(name: string): number {
    const v = this.header(name);
    if (!/^\d{1,4}$/.test(v) || Number(v) > MAX_LINES) {
      throw new KeyError('key-unreadable', `PPK file has an invalid ${name} value`);
    }
    return Number(v);
  }

  block(n: number, what: string): Buffer {
    const chunk = this.lines.slice(this.i, this.i + n);
    if (chunk.length < n) throw new KeyError('key-unreadable', `PPK file is truncated (${what})`);
    this.i += n;
    return decodeBase64(chunk.join(''), `PPK ${what}`);
  }
}

function positiveInt(v: string, what: string): number {
  if (!/^\d{1,10}$/.test(v))
    throw new KeyError('key-unreadable', `PPK file has an invalid ${what}`);
  return Number(v);
}

export function isPpk(text: string): boolean {
  return /^PuTTY-User-Key-File-\d+: /.test(text);
}

export async function readPpk(
  text: string,
  options: ReadOptions = {},
  /** How `text` was decoded, so the MAC sees the comment's original bytes. */
  encoding: 'utf8' | 'latin1' = 'utf8',
): Promise<ReadResult> {
  const first = /^PuTTY-User-Key-File-(\d+): (.*)$/m.exec(text.split('\n', 1)[0] ?? '');
  if (!first) throw new KeyError('key-unreadable', 'not a PuTTY key file');
  const version = Number(first[1]);
  if (version !== 2 && version !== 3) {
    throw new KeyError(
      'unsupported',
      `PuTTY key file version ${first[1]} is not supported (only 2 and 3)`,
    );
  }
  const algorithm = first[2]!.trim();
  if (!isKeyType(algorithm))
    throw new KeyError('unsupported', `key type "${algorithm.slice(0, 40)}" is not supported`);

  const lines = new Lines(text.split('\n').slice(1));
  const encryption = lines.header('Encryption');
  if (encryption !== 'none' && encryption !== 'aes256-cbc') {
    throw new KeyError(
      'unsupported',
      `PPK encryption "${encryption.slice(0, 40)}" is not supported`,
    );
  }
  const encrypted = encryption !== 'none';
  const comment = lines.header('Comment');
  const publicBlob = lines.block(lines.count('Public-Lines'), 'public lines');
  const { type } = parsePublicBlob(publicBlob);
  if (type !== algorithm)
    throw new KeyError('corrupt', 'PPK header and public key disagree on the key type');

  let kdf: Argon2Params | undefined;
  if (version === 3 && encrypted) {
    const flavour = lines.header('Key-Derivation');
    if (flavour !== 'Argon2id' && flavour !== 'Argon2i' && flavour !== 'Argon2d') {
      throw new KeyError(
        'unsupported',
        `PPK key derivation "${flavour.slice(0, 40)}" is not supported`,
      );
    }
    const memory = positiveInt(lines.header('Argon2-Memory'), 'Argon2 memory');
    const passes = positiveInt(lines.header('Argon2-Passes'), 'Argon2 passes');
    const parallelism = positiveInt(lines.header('Argon2-Parallelism'), 'Argon2 parallelism');
    const saltHex = lines.header('Argon2-Salt');
    if (!/^([0-9a-fA-F]{2})+$/.test(saltHex))
      throw new KeyError('key-unreadable', 'PPK Argon2 salt is not hex');
    kdf = { flavour, memory, passes, parallelism, salt: Buffer.from(saltHex, 'hex') };
  }
  const stored = lines.block(lines.count('Private-Lines'), 'private lines');
  const macHex = lines.header('Private-MAC');
  if (!/^[0-9a-fA-F]+$/.test(macHex) || macHex.length !== (version === 3 ? 64 : 40)) {
    throw new KeyError('key-unreadable', 'PPK file has a malformed Private-MAC line');
  }
  const format = version === 3 ? 'ppk3' : 'ppk2';
  const publicKey = { type, blob: publicBlob, comment };
  if (encrypted && options.passphrase === undefined)
    return { format, encrypted, public: publicKey };

  // Checked only when the KDF is about to run: the public half stays readable whatever the cost.
  if (kdf) checkKdfLimits(kdf, options.kdfLimits ?? DEFAULT_KDF_LIMITS);
  const passphrase = encrypted ? (options.passphrase ?? '') : '';
  const keys =
    version === 3
      ? kdf
        ? await ppk3Keys(passphrase, kdf)
        : { macKey: Buffer.alloc(0) }
      : ppk2Keys(passphrase);
  const priv = encrypted && 'key' in keys ? aes256cbc(false, keys.key, keys.iv, stored) : stored;
  const macData = new SshWriter()
    .string(algorithm)
    .string(encryption)
    .string(Buffer.from(comment, encoding))
    .string(publicBlob)
    .string(priv)
    .toBuffer();
  const expected = ppkMac(version, keys.macKey, macData);
  const macOk = timingSafeEqual(expected, Buffer.from(macHex, 'hex'));

  let key: PrivateKey | undefined;
  let structureError: unknown;
  try {
    key = makePrivateKey(type, readPpkPrivate(type, publicBlob, priv), comment, publicBlob);
  } catch (error) {
    structureError = error;
  }
  if (!macOk) {
    // The MAC cannot say whether the passphrase or the file is wrong. PuTTY answers "wrong
    // passphrase" for every encrypted file; we look at what decryption produced: a private blob
    // that parses and matches the clear-text public key can only come from the right passphrase,
    // so the damage is elsewhere (comment, MAC line, headers) → corrupt. Garbage → wrong passphrase.
    // An unencrypted file has no passphrase to get wrong, so a MAC failure is always corruption.
    if (encrypted && !key)
      throw new KeyError('wrong-passphrase', 'wrong passphrase for this PuTTY key');
    throw new KeyError(
      'corrupt',
      'PuTTY key file is corrupt: its MAC does not match (the file was changed or damaged)',
    );
  }
  if (!key) {
    if (structureError instanceof KeyError) {
      throw new KeyError('corrupt', `PuTTY key file is corrupt: ${structureError.message}`);
    }
    throw new KeyError('corrupt', 'PuTTY key file is corrupt');
  }
  return { format, encrypted, public: publicKey, private: key };
}

export interface PpkWriteOptions {
  version: 2 | 3;
  passphrase?: string;
  argon2?: Partial<Omit<Argon2Params, 'salt'>>;
}

export async function writePpk(key: PrivateKey, options: PpkWriteOptions): Promise<string> {
  const { version } = options;
  const encrypted = options.passphrase !== undefined && options.passphrase !== '';
  const encryption = encrypted ? 'aes256-cbc' : 'none';
  const comment = key.comment.replace(/[\r\n]+/g, ' ');
  let priv = writePpkPrivate(key.parts);
  if (encrypted) {
    // Padding is random: it is encrypted and covered by the MAC, so its content carries nothing.
    const pad = (16 - (priv.length % 16)) % 16;
    priv = Buffer.concat([priv, randomBytes(pad)]);
  }
  const kdfLines: string[] = [];
  let keys: { key?: Buffer; iv?: Buffer; macKey: Buffer } = { macKey: Buffer.alloc(0) };
  if (version === 2) {
    keys = ppk2Keys(encrypted ? options.passphrase! : '');
  } else if (encrypted) {
    const flavour: Argon2Flavour = options.argon2?.flavour ?? PUTTY_DEFAULT_ARGON2.flavour;
    const params: Argon2Params = {
      flavour,
      memory: options.argon2?.memory ?? PUTTY_DEFAULT_ARGON2.memory,
      passes: options.argon2?.passes ?? PUTTY_DEFAULT_ARGON2.passes,
      parallelism: options.argon2?.parallelism ?? PUTTY_DEFAULT_ARGON2.parallelism,
      salt: randomBytes(16),
    };
    checkKdfLimits(params, DEFAULT_KDF_LIMITS);
    keys = await ppk3Keys(options.passphrase!, params);
    kdfLines.push(
      `Key-Derivation: ${params.flavour}`,
      `Argon2-Memory: ${params.memory}`,
      `Argon2-Passes: ${params.passes}`,
      `Argon2-Parallelism: ${params.parallelism}`,
      `Argon2-Salt: ${params.salt.toString('hex')}`,
    );
  }
  const macData = new SshWriter()
    .string(key.type)
    .string(encryption)
    .string(comment)
    .string(key.blob)
    .string(priv)
    .toBuffer();
  const mac = ppkMac(version, keys.macKey, macData).toString('hex');
  const stored = encrypted && keys.key && keys.iv ? aes256cbc(true, keys.key, keys.iv, priv) : priv;
  const publicLines = wrap(key.blob.toString('base64'), 64);
  const privateLines = wrap(stored.toString('base64'), 64);
  return finishText([
    `PuTTY-User-Key-File-${version}: ${key.type}`,
    `Encryption: ${encryption}`,
    `Comment: ${comment}`,
    `Public-Lines: ${publicLines.length}`,
    ...publicLines,
    ...kdfLines,
    `Private-Lines: ${privateLines.length}`,
    ...privateLines,
    `Private-MAC: ${mac}`,
  ]);
}
