import { KeyError } from './errors';
import {
  CURVES,
  curveOf,
  ecdsaParts,
  eddsaParts,
  rsaParts,
  type KeyType,
  type PrivateParts,
} from './model';
import { SshReader, SshWriter } from './sshbuf';

/**
 * PuTTY's private blob: only the numbers the public blob lacks. Ed25519/Ed448 hold the raw seed
 * as a string (PuTTY's documentation calls it an mpint; the files say otherwise).
 */
export function readPpkPrivate(type: KeyType, publicBlob: Buffer, priv: Buffer): PrivateParts {
  const pub = new SshReader(publicBlob, 'PPK public key');
  pub.string();
  const r = new SshReader(priv, 'PPK private key');
  switch (type) {
    case 'ssh-rsa': {
      const e = pub.mpint();
      const n = pub.mpint();
      const d = r.mpint();
      const p = r.mpint();
      const q = r.mpint();
      r.mpint(); // iqmp: recomputed from p and q rather than trusted
      return rsaParts(n, e, d, p, q);
    }
    case 'ssh-dss': {
      const [p, q, g, y] = [pub.mpint(), pub.mpint(), pub.mpint(), pub.mpint()];
      return { kind: 'dsa', p, q, g, y, x: r.mpint() };
    }
    case 'ssh-ed25519':
    case 'ssh-ed448':
      return eddsaParts(type, r.string(), undefined);
    default: {
      const curve = curveOf(type)!;
      pub.string();
      const Q = pub.string();
      const d = r.mpint();
      if (d === 0n || d.toString(16).length > CURVES[curve].bytes * 2) {
        throw new KeyError('key-unreadable', 'ECDSA private scalar has the wrong size');
      }
      return ecdsaParts(curve, d, Q);
    }
  }
}

export function writePpkPrivate(parts: PrivateParts): Buffer {
  const w = new SshWriter();
  switch (parts.kind) {
    case 'rsa':
      return w.mpint(parts.d).mpint(parts.p).mpint(parts.q).mpint(parts.iqmp).toBuffer();
    case 'dsa':
      return w.mpint(parts.x).toBuffer();
    case 'ecdsa':
      return w.mpint(parts.d).toBuffer();
    case 'eddsa':
      return w.string(parts.seed).toBuffer();
  }
}
