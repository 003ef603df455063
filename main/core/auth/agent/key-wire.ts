/**
 * Private keys in the agent protocol's ADD_IDENTITY encoding (the same field order as the private
 * section of openssh-key-v1), converted to and from the key toolkit's model so that what
 * `ssh-add` sends is checked by the toolkit's consistency checks before we hold it.
 */
import { KeyError } from '../../keys/errors';
import {
  curveOf,
  ecdsaParts,
  eddsaParts,
  isKeyType,
  makePrivateKey,
  rsaParts,
  type PrivateKey,
} from '../../keys/model';
import { SshWriter, type SshReader } from '../../keys/sshbuf';

export function encodeAgentKey(key: PrivateKey): Buffer {
  const w = new SshWriter().string(key.type);
  const p = key.parts;
  switch (p.kind) {
    case 'rsa':
      w.mpint(p.n).mpint(p.e).mpint(p.d).mpint(p.iqmp).mpint(p.p).mpint(p.q);
      break;
    case 'dsa':
      w.mpint(p.p).mpint(p.q).mpint(p.g).mpint(p.y).mpint(p.x);
      break;
    case 'ecdsa':
      w.string(p.curve).string(p.Q).mpint(p.d);
      break;
    case 'eddsa':
      if (key.type !== 'ssh-ed25519')
        throw new KeyError('unsupported', `${key.type} cannot be added to an SSH agent`);
      w.string(p.pub).string(Buffer.concat([p.seed, p.pub]));
      break;
  }
  return w.string(key.comment).toBuffer();
}

/** Reads one key from `r` (type, private fields, comment); leaves `r` after the comment. */
export function decodeAgentKey(r: SshReader): PrivateKey {
  const type = r.text();
  if (!isKeyType(type) || type === 'ssh-ed448')
    throw new KeyError('unsupported', `key type "${type.slice(0, 40)}" is not supported`);
  let key: PrivateKey;
  if (type === 'ssh-rsa') {
    const n = r.mpint();
    const e = r.mpint();
    const d = r.mpint();
    r.mpint(); // iqmp: recomputed from p and q rather than trusted
    const p = r.mpint();
    const q = r.mpint();
    key = makePrivateKey(type, rsaParts(n, e, d, p, q), '');
  } else if (type === 'ssh-dss') {
    const [p, q, g, y, x] = [r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint()];
    key = makePrivateKey(type, { kind: 'dsa', p, q, g, y, x }, '');
  } else if (type === 'ssh-ed25519') {
    const pub = r.string();
    const both = r.string();
    if (both.length !== 64)
      throw new KeyError('key-unreadable', 'ed25519 private key has the wrong length');
    key = makePrivateKey(
      type,
      eddsaParts(type, Buffer.from(both.subarray(0, 32)), Buffer.from(pub)),
      '',
    );
  } else {
    const curve = curveOf(type)!;
    if (r.text() !== curve) throw new KeyError('key-unreadable', 'ECDSA curve name mismatch');
    const q = Buffer.from(r.string());
    key = makePrivateKey(type, ecdsaParts(curve, r.mpint(), q), '');
  }
  key.comment = r.text();
  return key;
}
