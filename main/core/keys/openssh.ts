/**
 * OpenSSH's own private key format (`openssh-key-v1`, PROTOCOL.key). Owned here because ssh2
 * reads it but cannot write it, and sshpk does not verify the check integers we use to tell a
 * wrong passphrase from a damaged file.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { pbkdf } from 'bcrypt-pbkdf';
import { KeyError } from './errors';
import {
  curveOf,
  ecdsaParts,
  eddsaParts,
  isKeyType,
  makePrivateKey,
  parsePublicBlob,
  rsaParts,
  type KeyType,
  type PrivateKey,
  type PrivateParts,
} from './model';
import { DEFAULT_KDF_LIMITS } from './ppk-crypto';
import { SshReader, SshWriter } from './sshbuf';
import { readPemArmour, writePemArmour } from './text';
import type { ReadOptions, ReadResult } from './types';

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');
const LABEL = 'OPENSSH PRIVATE KEY';
/** What ssh-keygen writes by default. */
const DEFAULT_ROUNDS = 16;

interface CipherInfo {
  node: string;
  keyLen: number;
  ivLen: number;
  block: number;
  tag: number;
}

const CIPHERS: Record<string, CipherInfo> = {
  'aes256-ctr': { node: 'aes-256-ctr', keyLen: 32, ivLen: 16, block: 16, tag: 0 },
  'aes256-cbc': { node: 'aes-256-cbc', keyLen: 32, ivLen: 16, block: 16, tag: 0 },
  'aes192-ctr': { node: 'aes-192-ctr', keyLen: 24, ivLen: 16, block: 16, tag: 0 },
  'aes128-ctr': { node: 'aes-128-ctr', keyLen: 16, ivLen: 16, block: 16, tag: 0 },
  'aes128-cbc': { node: 'aes-128-cbc', keyLen: 16, ivLen: 16, block: 16, tag: 0 },
  'aes256-gcm@openssh.com': { node: 'aes-256-gcm', keyLen: 32, ivLen: 12, block: 16, tag: 16 },
  'aes128-gcm@openssh.com': { node: 'aes-128-gcm', keyLen: 16, ivLen: 12, block: 16, tag: 16 },
};

function deriveKeyIv(passphrase: string, salt: Buffer, rounds: number, len: number): Buffer {
  const out = Buffer.alloc(len);
  const pass = Buffer.from(passphrase, 'utf8');
  if (pbkdf(pass, pass.length, salt, salt.length, out, len, rounds) !== 0) {
    throw new KeyError('key-unreadable', 'OpenSSH key has invalid bcrypt parameters');
  }
  return out;
}

function readPrivateFields(r: SshReader, type: KeyType): PrivateParts {
  switch (type) {
    case 'ssh-rsa': {
      const [n, e, d] = [r.mpint(), r.mpint(), r.mpint()];
      r.mpint(); // iqmp, recomputed
      const [p, q] = [r.mpint(), r.mpint()];
      return rsaParts(n, e, d, p, q);
    }
    case 'ssh-dss': {
      const [p, q, g, y, x] = [r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint()];
      return { kind: 'dsa', p, q, g, y, x };
    }
    case 'ssh-ed25519':
    case 'ssh-ed448': {
      const pub = r.string();
      const both = r.string();
      const size = pub.length;
      if (both.length !== size * 2)
        throw new KeyError('key-unreadable', 'EdDSA private key has the wrong length');
      return eddsaParts(type, both.subarray(0, size), pub);
    }
    default: {
      const curve = curveOf(type)!;
      if (r.text() !== curve) throw new KeyError('key-unreadable', 'ECDSA curve name mismatch');
      const Q = r.string();
      return ecdsaParts(curve, r.mpint(), Q);
    }
  }
}

function writePrivateFields(w: SshWriter, key: PrivateKey): void {
  const p = key.parts;
  switch (p.kind) {
    case 'rsa':
      w.mpint(p.n).mpint(p.e).mpint(p.d).mpint(p.iqmp).mpint(p.p).mpint(p.q);
      return;
    case 'dsa':
      w.mpint(p.p).mpint(p.q).mpint(p.g).mpint(p.y).mpint(p.x);
      return;
    case 'ecdsa':
      w.string(p.curve).string(p.Q).mpint(p.d);
      return;
    case 'eddsa':
      w.string(p.pub).string(Buffer.concat([p.seed, p.pub]));
      return;
  }
}

export function isOpenSsh(text: string): boolean {
  return text.includes(`-----BEGIN ${LABEL}-----`);
}

export async function readOpenSsh(text: string, options: ReadOptions = {}): Promise<ReadResult> {
  const armour = readPemArmour(text);
  if (armour.label !== LABEL) throw new KeyError('key-unreadable', 'not an OpenSSH private key');
  const data = armour.body;
  if (data.length < MAGIC.length || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new KeyError('key-unreadable', 'OpenSSH private key has a bad magic header');
  }
  const r = new SshReader(data.subarray(MAGIC.length), 'OpenSSH private key');
  const cipherName = r.text();
  const kdfName = r.text();
  const kdfOptions = r.string();
  const count = r.uint32();
  if (count !== 1)
    throw new KeyError(
      'unsupported',
      `OpenSSH key file holds ${count} keys; only one is supported`,
    );
  const publicBlob = r.string();
  const { type } = parsePublicBlob(publicBlob);
  const sealed = r.string();
  const encrypted = cipherName !== 'none';
  const cipher = CIPHERS[cipherName];
  if (encrypted && !cipher)
    throw new KeyError(
      'unsupported',
      `OpenSSH key cipher "${cipherName.slice(0, 40)}" is not supported`,
    );
  if (encrypted && kdfName !== 'bcrypt')
    throw new KeyError('unsupported', `OpenSSH key KDF "${kdfName.slice(0, 40)}" is not supported`);
  if (!encrypted && kdfName !== 'none')
    throw new KeyError('key-unreadable', 'OpenSSH key has a KDF but no cipher');
  const tag = cipher?.tag ? r.bytes(cipher.tag) : undefined;
  const publicKey = { type, blob: publicBlob, comment: '' };
  if (encrypted && options.passphrase === undefined)
    return { format: 'openssh', encrypted, public: publicKey };

  let plain = sealed;
  if (encrypted && cipher) {
    const kr = new SshReader(kdfOptions, 'OpenSSH KDF options');
    const salt = kr.string();
    const rounds = kr.uint32();
    // The rounds come from the file: cap them so a damaged or hostile file cannot stall us.
    const maxRounds = options.kdfLimits?.maxBcryptRounds ?? DEFAULT_KDF_LIMITS.maxBcryptRounds!;
    if (rounds < 1 || rounds > maxRounds || salt.length === 0 || salt.length > 1024) {
      throw new KeyError(
        'unsupported',
        `OpenSSH key asks for unreasonable bcrypt parameters (${rounds} rounds)`,
      );
    }
    if (sealed.length % cipher.block !== 0)
      throw new KeyError('key-unreadable', 'OpenSSH private section is not whole blocks');
    const kiv = deriveKeyIv(options.passphrase ?? '', salt, rounds, cipher.keyLen + cipher.ivLen);
    const d = createDecipheriv(
      cipher.node,
      kiv.subarray(0, cipher.keyLen),
      kiv.subarray(cipher.keyLen),
    );
    if (cipher.tag) (d as unknown as { setAuthTag(t: Buffer): void }).setAuthTag(tag!);
    else d.setAutoPadding(false);
    try {
      plain = Buffer.concat([d.update(sealed), d.final()]);
    } catch {
      // Only GCM gets here: its tag fails for a wrong key and for damaged bytes alike, and a
      // wrong passphrase is by far the likelier of the two.
      throw new KeyError(
        'wrong-passphrase',
        'wrong passphrase for this OpenSSH key (or the file is damaged)',
      );
    }
  }
  const pr = new SshReader(plain, 'OpenSSH private section');
  const check1 = pr.uint32();
  const check2 = pr.uint32();
  if (check1 !== check2) {
    // The two check integers are equal random numbers; after decryption they differ for a wrong
    // key with probability 1 − 2⁻³², and nothing else in the file is needed to tell.
    if (encrypted) throw new KeyError('wrong-passphrase', 'wrong passphrase for this OpenSSH key');
    throw new KeyError('corrupt', 'OpenSSH key is corrupt (check integers differ)');
  }
  try {
    const innerType = pr.text();
    if (!isKeyType(innerType) || innerType !== type)
      throw new KeyError('corrupt', 'private and public key types differ');
    const parts = readPrivateFields(pr, type);
    const comment = pr.text();
    const padding = pr.rest();
    for (let i = 0; i < padding.length; i++) {
      if (padding[i] !== i + 1) throw new KeyError('corrupt', 'bad padding');
    }
    const key = makePrivateKey(type, parts, comment, publicBlob);
    return { format: 'openssh', encrypted, public: { ...publicKey, comment }, private: key };
  } catch (error) {
    if (error instanceof KeyError)
      throw new KeyError('corrupt', `OpenSSH key is corrupt: ${error.message}`);
    throw error;
  }
}

export interface OpenSshWriteOptions {
  passphrase?: string;
  rounds?: number;
}

export function writeOpenSsh(key: PrivateKey, options: OpenSshWriteOptions = {}): string {
  if (key.type === 'ssh-ed448') {
    throw new KeyError(
      'unsupported',
      'OpenSSH cannot use Ed448 keys (no OpenSSH release supports them); keep this key in PPK format',
    );
  }
  const encrypted = options.passphrase !== undefined && options.passphrase !== '';
  const blockSize = encrypted ? 16 : 8;
  const check = randomBytes(4);
  const inner = new SshWriter().raw(check).raw(check).string(key.type);
  writePrivateFields(inner, key);
  inner.string(key.comment);
  let plain = inner.toBuffer();
  const pad = (blockSize - (plain.length % blockSize)) % blockSize;
  plain = Buffer.concat([plain, Buffer.from(Array.from({ length: pad }, (_, i) => i + 1))]);

  const w = new SshWriter().raw(MAGIC);
  if (encrypted) {
    const salt = randomBytes(16);
    const rounds = options.rounds ?? DEFAULT_ROUNDS;
    const kiv = deriveKeyIv(options.passphrase!, salt, rounds, 48);
    const c = createCipheriv('aes-256-ctr', kiv.subarray(0, 32), kiv.subarray(32));
    const sealed = Buffer.concat([c.update(plain), c.final()]);
    const kdf = new SshWriter().string(salt).uint32(rounds).toBuffer();
    w.string('aes256-ctr').string('bcrypt').string(kdf).uint32(1).string(key.blob).string(sealed);
  } else {
    w.string('none')
      .string('none')
      .string(Buffer.alloc(0))
      .uint32(1)
      .string(key.blob)
      .string(plain);
  }
  // ssh-keygen wraps at 70 columns; any width is accepted, but matching it keeps diffs quiet.
  return writePemArmour(LABEL, w.toBuffer(), [], 70);
}
