/** The DER key structures shared by PEM (PKCS#1, SEC1, DSA) and PKCS#8. */
import { KeyError } from './errors';
import {
  derBitString,
  derContext,
  derInt,
  derOctets,
  derOid,
  derSeq,
  int,
  octets,
  oidHex,
  OID,
  parseDer,
  seq,
  tlv,
  TAG,
  type Der,
} from './der';
import {
  CURVES,
  ecdsaParts,
  eddsaParts,
  makePrivateKey,
  rsaParts,
  type Curve,
  type KeyType,
  type PrivateKey,
} from './model';
import { bigToBuf, bufToBig } from './sshbuf';

function curveFromOid(hex: string): Curve {
  for (const [name, info] of Object.entries(CURVES)) if (info.oid === hex) return name as Curve;
  throw new KeyError(
    'unsupported',
    'EC key on a curve other than P-256, P-384 or P-521 is not supported',
  );
}

export function rsaFromPkcs1(der: Buffer, comment = ''): PrivateKey {
  const k = seq(parseDer(der, 'RSA key'), 'RSA key', 9);
  const [n, e, d, p, q] = [1, 2, 3, 4, 5].map((i) => int(k[i], 'RSA key')) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  return makePrivateKey('ssh-rsa', rsaParts(n, e, d, p, q), comment);
}

export function rsaToPkcs1(key: PrivateKey): Buffer {
  if (key.parts.kind !== 'rsa') throw new Error('not an RSA key');
  const { n, e, d, p, q, iqmp } = key.parts;
  return derSeq(...[0n, n, e, d, p, q, d % (p - 1n), d % (q - 1n), iqmp].map(derInt));
}

/** SEC1 ECPrivateKey; the curve comes from its own [0] field or from the PKCS#8 wrapper. */
export function ecFromSec1(der: Buffer, curveHint?: Curve, comment = ''): PrivateKey {
  const k = seq(parseDer(der, 'EC key'), 'EC key', 2);
  const d = bufToBig(octets(k[1], 'EC key'));
  let curve = curveHint;
  let Q: Buffer | undefined;
  for (const field of k.slice(2)) {
    if (field.tag === 0xa0) curve = curveFromOid(oidHex(field.children?.[0], 'EC key'));
    if (field.tag === 0xa1) {
      const bits = field.children?.[0];
      if (!bits || bits.tag !== TAG.BIT_STRING || bits.body.length < 2)
        throw new KeyError('key-unreadable', 'EC public key is malformed');
      Q = bits.body.subarray(1);
    }
  }
  if (!curve) throw new KeyError('key-unreadable', 'EC key does not name its curve');
  const type = `ecdsa-sha2-${curve}` as KeyType;
  return makePrivateKey(type, ecdsaParts(curve, d, Q), comment);
}

export function ecToSec1(key: PrivateKey, withCurve: boolean): Buffer {
  if (key.parts.kind !== 'ecdsa') throw new Error('not an EC key');
  const info = CURVES[key.parts.curve];
  return derSeq(
    derInt(1n),
    derOctets(bigToBuf(key.parts.d, info.bytes)),
    ...(withCurve ? [derContext(0, derOid(info.oid))] : []),
    derContext(1, derBitString(key.parts.Q)),
  );
}

export function dsaFromDer(der: Buffer, comment = ''): PrivateKey {
  const k = seq(parseDer(der, 'DSA key'), 'DSA key', 6);
  const [p, q, g, y, x] = [1, 2, 3, 4, 5].map((i) => int(k[i], 'DSA key')) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  return makePrivateKey('ssh-dss', { kind: 'dsa', p, q, g, y, x }, comment);
}

export function dsaToDer(key: PrivateKey): Buffer {
  if (key.parts.kind !== 'dsa') throw new Error('not a DSA key');
  const { p, q, g, y, x } = key.parts;
  return derSeq(...[0n, p, q, g, y, x].map(derInt));
}

export function fromPkcs8(der: Buffer, comment = ''): PrivateKey {
  const k = seq(parseDer(der, 'PKCS#8 key'), 'PKCS#8 key', 3);
  const alg = seq(k[1], 'PKCS#8 algorithm', 1);
  const oid = oidHex(alg[0], 'PKCS#8 algorithm');
  const inner = octets(k[2], 'PKCS#8 key');
  switch (oid) {
    case OID.rsaEncryption:
      return rsaFromPkcs1(inner, comment);
    case OID.ecPublicKey:
      return ecFromSec1(inner, curveFromOid(oidHex(alg[1], 'EC parameters')), comment);
    case OID.ed25519:
    case OID.ed448: {
      const type = oid === OID.ed25519 ? 'ssh-ed25519' : 'ssh-ed448';
      const seed = octets(parseDer(inner, 'EdDSA key'), 'EdDSA key');
      return makePrivateKey(type, eddsaParts(type, seed), comment);
    }
    case OID.dsa: {
      const params = seq(alg[1], 'DSA parameters', 3);
      const [p, q, g] = params.map((n: Der) => int(n, 'DSA parameters')) as [
        bigint,
        bigint,
        bigint,
      ];
      const x = int(parseDer(inner, 'DSA key'), 'DSA key');
      const y = modPowPublic(p, g, x, q);
      return makePrivateKey('ssh-dss', { kind: 'dsa', p, q, g, y, x }, comment);
    }
    default:
      throw new KeyError('unsupported', 'PKCS#8 key of an unsupported algorithm');
  }
}

function modPowPublic(p: bigint, g: bigint, x: bigint, q: bigint): bigint {
  if (x <= 0n || x >= q || p < 3n || q.toString(2).length > 512 || p.toString(2).length > 16384)
    throw new KeyError('corrupt', 'DSA private value out of range');
  let result = 1n;
  let b = g % p;
  let e = x;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % p;
    b = (b * b) % p;
    e >>= 1n;
  }
  return result;
}

export function toPkcs8(key: PrivateKey): Buffer {
  const version = derInt(0n);
  const p = key.parts;
  switch (p.kind) {
    case 'rsa':
      return derSeq(
        version,
        derSeq(derOid(OID.rsaEncryption), tlv(TAG.NULL, Buffer.alloc(0))),
        derOctets(rsaToPkcs1(key)),
      );
    case 'ecdsa':
      return derSeq(
        version,
        derSeq(derOid(OID.ecPublicKey), derOid(CURVES[p.curve].oid)),
        derOctets(ecToSec1(key, false)),
      );
    case 'eddsa':
      return derSeq(
        version,
        derSeq(derOid(key.type === 'ssh-ed25519' ? OID.ed25519 : OID.ed448)),
        derOctets(derOctets(p.seed)),
      );
    case 'dsa':
      return derSeq(
        version,
        derSeq(derOid(OID.dsa), derSeq(derInt(p.p), derInt(p.q), derInt(p.g))),
        derOctets(derInt(p.x)),
      );
  }
}
