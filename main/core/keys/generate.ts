import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { KeyError } from './errors';
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
import { bufToBig } from './sshbuf';

const generate = promisify(generateKeyPair);

export type GenerateType = 'ed25519' | 'ed448' | 'rsa' | 'ecdsa';

export interface GenerateOptions {
  type: GenerateType;
  /** rsa: 2048–8192 (default 3072); ecdsa: 256, 384 or 521 (default 256). */
  bits?: number;
  comment?: string;
}

const b64 = (s: string | undefined): Buffer => Buffer.from(s ?? '', 'base64url');

export async function generateKey(options: GenerateOptions): Promise<PrivateKey> {
  const comment = options.comment ?? '';
  switch (options.type) {
    case 'ed25519':
    case 'ed448': {
      if (options.bits !== undefined)
        throw new KeyError(
          'unsupported',
          `${options.type} keys have a fixed size; no bit count applies`,
        );
      const { privateKey } =
        options.type === 'ed25519' ? await generate('ed25519') : await generate('ed448');
      const jwk = privateKey.export({ format: 'jwk' });
      const type: KeyType = options.type === 'ed25519' ? 'ssh-ed25519' : 'ssh-ed448';
      return makePrivateKey(type, eddsaParts(type, b64(jwk.d), b64(jwk.x)), comment);
    }
    case 'rsa': {
      const bits = options.bits ?? 3072;
      if (!Number.isInteger(bits) || bits < 2048 || bits > 8192 || bits % 8 !== 0) {
        throw new KeyError('unsupported', 'RSA keys must be 2048 to 8192 bits (a multiple of 8)');
      }
      const { privateKey } = await generate('rsa', { modulusLength: bits, publicExponent: 65537 });
      const j = privateKey.export({ format: 'jwk' });
      const parts = rsaParts(
        ...([j.n, j.e, j.d, j.p, j.q].map((v) => bufToBig(b64(v))) as [
          bigint,
          bigint,
          bigint,
          bigint,
          bigint,
        ]),
      );
      return makePrivateKey('ssh-rsa', parts, comment);
    }
    case 'ecdsa': {
      const bits = options.bits ?? 256;
      const curve = (Object.keys(CURVES) as Curve[]).find((c) => CURVES[c].bits === bits);
      if (!curve) throw new KeyError('unsupported', 'ECDSA keys must be 256, 384 or 521 bits');
      const { privateKey } = await generate('ec', { namedCurve: CURVES[curve].openssl });
      const j = privateKey.export({ format: 'jwk' });
      const size = CURVES[curve].bytes;
      const Q = Buffer.concat([Buffer.from([4]), pad(b64(j.x), size), pad(b64(j.y), size)]);
      return makePrivateKey(
        `ecdsa-sha2-${curve}`,
        ecdsaParts(curve, bufToBig(b64(j.d)), Q),
        comment,
      );
    }
  }
}

function pad(b: Buffer, size: number): Buffer {
  return b.length >= size ? b : Buffer.concat([Buffer.alloc(size - b.length), b]);
}
