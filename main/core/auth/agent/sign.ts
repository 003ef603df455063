/**
 * Signatures in the exact encodings SSH peers verify. Node's crypto gives raw RSA and Ed25519
 * signatures; ECDSA and DSA are asked for in IEEE P1363 form (r ‖ s, fixed width) instead of the
 * DER that OpenSSL emits by default, then re-encoded as SSH wants: ECDSA as mpint r ‖ mpint s
 * (RFC 5656 §3.1.2), DSA as the bare 40 bytes (RFC 4253 §6.6).
 */
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { toPkcs8 } from '../../keys/asn1-keys';
import { KeyError } from '../../keys/errors';
import type { KeyType, PrivateKey } from '../../keys/model';
import { bufToBig, SshWriter } from '../../keys/sshbuf';
import { SIGN_FLAGS } from './wire';

export function keyObjectOf(key: PrivateKey): KeyObject {
  if (key.type === 'ssh-ed448')
    throw new KeyError('unsupported', 'Ed448 keys cannot be used for SSH');
  return createPrivateKey({ key: toPkcs8(key), format: 'der', type: 'pkcs8' });
}

const ECDSA_HASH: Record<string, string> = {
  'ecdsa-sha2-nistp256': 'sha256',
  'ecdsa-sha2-nistp384': 'sha384',
  'ecdsa-sha2-nistp521': 'sha512',
};

/** The algorithm name a signature will carry, from the key type and the request's flags. */
export function signatureAlgorithm(type: KeyType, flags: number): string {
  if (type !== 'ssh-rsa') return type;
  // OpenSSH ≥ 8.8 refuses ssh-rsa (SHA-1): honour the flags, 512 first as OpenSSH's agent does.
  if (flags & SIGN_FLAGS.RSA_SHA2_512) return 'rsa-sha2-512';
  if (flags & SIGN_FLAGS.RSA_SHA2_256) return 'rsa-sha2-256';
  return 'ssh-rsa';
}

/** The inner signature blob (without the algorithm name) for `algorithm`. */
export function rawSignature(
  type: KeyType,
  key: KeyObject,
  algorithm: string,
  data: Buffer,
): Buffer {
  switch (type) {
    case 'ssh-ed25519':
      return cryptoSign(null, data, key);
    case 'ssh-rsa': {
      const hash =
        algorithm === 'rsa-sha2-512' ? 'sha512' : algorithm === 'rsa-sha2-256' ? 'sha256' : 'sha1';
      return cryptoSign(hash, data, key);
    }
    case 'ssh-dss':
      return cryptoSign('sha1', data, { key, dsaEncoding: 'ieee-p1363' });
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521': {
      const rs = cryptoSign(ECDSA_HASH[type]!, data, { key, dsaEncoding: 'ieee-p1363' });
      const half = rs.length / 2;
      return new SshWriter()
        .mpint(bufToBig(rs.subarray(0, half)))
        .mpint(bufToBig(rs.subarray(half)))
        .toBuffer();
    }
    default:
      throw new KeyError('unsupported', `${type} keys cannot sign`);
  }
}

/** string algorithm ‖ string blob: what SSH_AGENT_SIGN_RESPONSE and userauth carry. */
export function sshSignature(type: KeyType, key: KeyObject, data: Buffer, flags: number): Buffer {
  const algorithm = signatureAlgorithm(type, flags);
  return new SshWriter()
    .string(algorithm)
    .string(rawSignature(type, key, algorithm, data))
    .toBuffer();
}
