import { createECDH, createPrivateKey, createPublicKey } from 'node:crypto';
import { KeyError } from './errors';
import { bigToBuf, bitLength, SshReader, SshWriter } from './sshbuf';

/** The one internal key model every reader produces and every writer consumes. */
export type KeyType =
  | 'ssh-ed25519'
  | 'ssh-ed448'
  | 'ssh-rsa'
  | 'ssh-dss'
  | 'ecdsa-sha2-nistp256'
  | 'ecdsa-sha2-nistp384'
  | 'ecdsa-sha2-nistp521';

export type Curve = 'nistp256' | 'nistp384' | 'nistp521';

export const CURVES: Record<
  Curve,
  { openssl: string; jwk: string; bytes: number; bits: number; oid: string }
> = {
  nistp256: { openssl: 'prime256v1', jwk: 'P-256', bytes: 32, bits: 256, oid: '2a8648ce3d030107' },
  nistp384: { openssl: 'secp384r1', jwk: 'P-384', bytes: 48, bits: 384, oid: '2b81040022' },
  nistp521: { openssl: 'secp521r1', jwk: 'P-521', bytes: 66, bits: 521, oid: '2b81040023' },
};

export type PrivateParts =
  | { kind: 'rsa'; n: bigint; e: bigint; d: bigint; p: bigint; q: bigint; iqmp: bigint }
  | { kind: 'dsa'; p: bigint; q: bigint; g: bigint; y: bigint; x: bigint }
  | { kind: 'ecdsa'; curve: Curve; Q: Buffer; d: bigint }
  | { kind: 'eddsa'; pub: Buffer; seed: Buffer };

export interface PublicKey {
  type: KeyType;
  /** SSH wire encoding of the public key (what fingerprints and authorized_keys use). */
  blob: Buffer;
  comment: string;
}

export interface PrivateKey extends PublicKey {
  parts: PrivateParts;
}

const EDDSA_SIZES = { 'ssh-ed25519': 32, 'ssh-ed448': 57 } as const;

export function isKeyType(s: string): s is KeyType {
  return (
    s === 'ssh-ed25519' ||
    s === 'ssh-ed448' ||
    s === 'ssh-rsa' ||
    s === 'ssh-dss' ||
    s === 'ecdsa-sha2-nistp256' ||
    s === 'ecdsa-sha2-nistp384' ||
    s === 'ecdsa-sha2-nistp521'
  );
}

export function curveOf(type: KeyType): Curve | undefined {
  return type.startsWith('ecdsa-sha2-') ? (type.slice(11) as Curve) : undefined;
}

export function publicBlob(type: KeyType, parts: PrivateParts): Buffer {
  const w = new SshWriter().string(type);
  switch (parts.kind) {
    case 'rsa':
      return w.mpint(parts.e).mpint(parts.n).toBuffer();
    case 'dsa':
      return w.mpint(parts.p).mpint(parts.q).mpint(parts.g).mpint(parts.y).toBuffer();
    case 'ecdsa':
      return w.string(parts.curve).string(parts.Q).toBuffer();
    case 'eddsa':
      return w.string(parts.pub).toBuffer();
  }
}

/** Parses an SSH public blob; the type must be one we know and every field must be present. */
export function parsePublicBlob(blob: Buffer): { type: KeyType; bits: number } {
  const r = new SshReader(blob, 'public key');
  const type = r.text();
  if (!isKeyType(type)) {
    throw new KeyError('unsupported', `key type "${type.slice(0, 40)}" is not supported`);
  }
  let bits: number;
  if (type === 'ssh-rsa') {
    r.mpint();
    bits = bitLength(r.mpint());
  } else if (type === 'ssh-dss') {
    bits = bitLength(r.mpint());
    r.mpint();
    r.mpint();
    r.mpint();
  } else if (type === 'ssh-ed25519' || type === 'ssh-ed448') {
    if (r.string().length !== EDDSA_SIZES[type]) {
      throw new KeyError('key-unreadable', `${type} public key has the wrong length`);
    }
    bits = type === 'ssh-ed25519' ? 256 : 448;
  } else {
    const curve = curveOf(type)!;
    if (r.text() !== curve) throw new KeyError('key-unreadable', 'ECDSA curve name mismatch');
    const q = r.string();
    if (q.length !== 1 + 2 * CURVES[curve].bytes || q[0] !== 4) {
      throw new KeyError('key-unreadable', 'ECDSA public point is malformed');
    }
    bits = CURVES[curve].bits;
  }
  if (r.remaining !== 0) throw new KeyError('key-unreadable', 'public key has trailing data');
  return { type, bits };
}

export function keyBits(key: PublicKey): number {
  return parsePublicBlob(key.blob).bits;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [((a % m) + m) % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new KeyError('corrupt', 'RSA key parts are inconsistent');
  return ((oldS % m) + m) % m;
}

export function dsaPublic(p: bigint, g: bigint, x: bigint): bigint {
  return modPow(g, x, p);
}

const PKCS8_EDDSA_PREFIX = {
  'ssh-ed25519': '302e020100300506032b657004220420',
  'ssh-ed448': '3047020100300506032b6571043b0439',
} as const;

export function eddsaKeyObject(type: 'ssh-ed25519' | 'ssh-ed448', seed: Buffer) {
  return createPrivateKey({
    key: Buffer.concat([Buffer.from(PKCS8_EDDSA_PREFIX[type], 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

export function eddsaPublicFromSeed(type: 'ssh-ed25519' | 'ssh-ed448', seed: Buffer): Buffer {
  if (seed.length !== EDDSA_SIZES[type]) {
    throw new KeyError('key-unreadable', `${type} private key has the wrong length`);
  }
  const jwk = createPublicKey(eddsaKeyObject(type, seed)).export({ format: 'jwk' });
  return Buffer.from(jwk.x ?? '', 'base64url');
}

export function ecdsaPublicFromPrivate(curve: Curve, d: bigint): Buffer {
  try {
    const ecdh = createECDH(CURVES[curve].openssl);
    ecdh.setPrivateKey(bigToBuf(d, CURVES[curve].bytes));
    return ecdh.getPublicKey();
  } catch {
    throw new KeyError('corrupt', 'ECDSA private scalar is out of range');
  }
}

/**
 * Builds a PrivateKey from the private numbers, deriving whatever the format did not store
 * (public point, public key, iqmp), and checks the parts belong together: this check is what
 * tells a damaged file from a sound one once decryption has succeeded.
 */
export function makePrivateKey(
  type: KeyType,
  parts: PrivateParts,
  comment: string,
  expectedBlob?: Buffer,
): PrivateKey {
  checkParts(type, parts);
  const blob = publicBlob(type, parts);
  if (expectedBlob && !expectedBlob.equals(blob)) {
    throw new KeyError('corrupt', 'the private key does not match the public key stored with it');
  }
  return { type, blob, comment, parts };
}

function checkParts(type: KeyType, parts: PrivateParts): void {
  const bad = (why: string): never => {
    throw new KeyError('corrupt', `${type} key is inconsistent: ${why}`);
  };
  switch (parts.kind) {
    case 'rsa':
      if (type !== 'ssh-rsa') bad('type mismatch');
      if (parts.p * parts.q !== parts.n || parts.p < 3n || parts.q < 3n) bad('n ≠ p·q');
      if (parts.e < 3n || parts.d < 1n) bad('bad exponent');
      if ((parts.iqmp * parts.q) % parts.p !== 1n) bad('iqmp');
      return;
    case 'dsa':
      if (type !== 'ssh-dss') bad('type mismatch');
      if (parts.p < 3n || parts.x < 1n || parts.x >= parts.q) bad('x out of range');
      // DSA's q is 160–256 bits; a bound here also bounds the g^x check's work on hostile input.
      if (bitLength(parts.p) > 16384 || bitLength(parts.q) > 512) bad('parameters out of range');
      if (dsaPublic(parts.p, parts.g, parts.x) !== parts.y) bad('y ≠ g^x');
      return;
    case 'ecdsa':
      if (curveOf(type) !== parts.curve) bad('curve mismatch');
      if (!ecdsaPublicFromPrivate(parts.curve, parts.d).equals(parts.Q)) bad('Q ≠ d·G');
      return;
    case 'eddsa':
      if (type !== 'ssh-ed25519' && type !== 'ssh-ed448') return bad('type mismatch');
      if (!eddsaPublicFromSeed(type, parts.seed).equals(parts.pub)) bad('public ≠ seed');
      return;
  }
}

/** RSA numbers from n, e, d, p, q (iqmp derived, so a format's own CRT values are not trusted). */
export function rsaParts(n: bigint, e: bigint, d: bigint, p: bigint, q: bigint): PrivateParts {
  if (p === 0n || q === 0n) throw new KeyError('corrupt', 'RSA prime is zero');
  // Bounds the big-number work a hostile file can ask for (modInverse is quadratic).
  if (
    bitLength(n) > 16384 ||
    bitLength(p) > 16384 ||
    bitLength(q) > 16384 ||
    bitLength(d) > 16384
  ) {
    throw new KeyError('unsupported', 'RSA keys above 16384 bits are not supported');
  }
  return { kind: 'rsa', n, e, d, p, q, iqmp: modInverse(q, p) };
}

export function ecdsaParts(curve: Curve, d: bigint, Q?: Buffer): PrivateParts {
  return { kind: 'ecdsa', curve, d, Q: Q ?? ecdsaPublicFromPrivate(curve, d) };
}

export function eddsaParts(
  type: 'ssh-ed25519' | 'ssh-ed448',
  seed: Buffer,
  pub?: Buffer,
): PrivateParts {
  return { kind: 'eddsa', seed, pub: pub ?? eddsaPublicFromSeed(type, seed) };
}
