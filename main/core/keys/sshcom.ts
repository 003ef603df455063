/**
 * ssh.com / SSH Tectia private keys ("SSH2 ENCRYPTED PRIVATE KEY"), read only: old Windows tools
 * still hand these out. Neither ssh2 nor sshpk reads them. RSA and DSA are the only key types the
 * format ever carried.
 */
import { createDecipheriv, createHash } from 'node:crypto';
import { readArmour } from './armour';
import { KeyError } from './errors';
import { makePrivateKey, rsaParts, type PrivateKey } from './model';
import { bufToBig, SshReader } from './sshbuf';
import type { ReadOptions, ReadResult } from './types';

const BEGIN = '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----';
const END = '---- END SSH2 ENCRYPTED PRIVATE KEY ----';
const MAGIC = 0x3f6ff9eb;

export function isSshCom(text: string): boolean {
  return text.includes(BEGIN);
}

/** ssh.com's own bignum encoding: a bit count, then just enough big-endian bytes. */
function mpint(r: SshReader): bigint {
  const bits = r.uint32();
  if (bits > 16384) throw new KeyError('key-unreadable', 'ssh.com key has an oversized number');
  return bufToBig(r.bytes(Math.ceil(bits / 8)));
}

function sshcomKey(passphrase: string): Buffer {
  const pass = Buffer.from(passphrase, 'utf8');
  const h1 = createHash('md5').update(pass).digest();
  const h2 = createHash('md5').update(pass).update(h1).digest();
  return Buffer.concat([h1, h2]).subarray(0, 24);
}

export function readSshCom(text: string, options: ReadOptions = {}): ReadResult {
  const { comment, body } = readArmour(text, BEGIN, END, 'ssh.com private key');
  const r = new SshReader(body, 'ssh.com private key');
  if (r.uint32() !== MAGIC)
    throw new KeyError('key-unreadable', 'ssh.com private key has a bad magic number');
  r.uint32(); // total length, redundant with the base64 body
  const keyType = r.text();
  const cipher = r.text();
  const sealed = r.string();
  const isRsa = keyType.startsWith('if-modn{sign{rsa');
  const isDsa = keyType.startsWith('dl-modp{sign{dsa');
  if (!isRsa && !isDsa)
    throw new KeyError(
      'unsupported',
      `ssh.com key type "${keyType.slice(0, 60)}" is not supported`,
    );
  if (cipher !== 'none' && cipher !== '3des-cbc') {
    throw new KeyError(
      'unsupported',
      `ssh.com key cipher "${cipher.slice(0, 40)}" is not supported`,
    );
  }
  const encrypted = cipher !== 'none';
  let plain = sealed;
  if (encrypted) {
    if (options.passphrase === undefined)
      throw new KeyError('key-locked', 'this ssh.com key is encrypted: a passphrase is needed');
    if (sealed.length % 8 !== 0)
      throw new KeyError('key-unreadable', 'ssh.com key data is not whole cipher blocks');
    const d = createDecipheriv('des-ede3-cbc', sshcomKey(options.passphrase), Buffer.alloc(8));
    d.setAutoPadding(false);
    plain = Buffer.concat([d.update(sealed), d.final()]);
  }
  let key: PrivateKey;
  try {
    const pr = new SshReader(new SshReader(plain, 'ssh.com key').string(), 'ssh.com key');
    if (isRsa) {
      const [e, d, n] = [mpint(pr), mpint(pr), mpint(pr)];
      mpint(pr); // u: a CRT coefficient we recompute
      // The file's last two numbers are q then p in PuTTY's naming; keep PuTTY's order so a
      // converted key is byte-identical to what puttygen would write.
      const [q, p] = [mpint(pr), mpint(pr)];
      key = makePrivateKey('ssh-rsa', rsaParts(n, e, d, p, q), comment);
    } else {
      if (pr.uint32() !== 0)
        throw new KeyError('unsupported', 'ssh.com DSA key with predefined parameters');
      const [p, g, q, y, x] = [mpint(pr), mpint(pr), mpint(pr), mpint(pr), mpint(pr)];
      key = makePrivateKey('ssh-dss', { kind: 'dsa', p, q, g, y, x }, comment);
    }
  } catch (error) {
    // The format has no MAC: a wrong 3DES key shows up as a length that overruns the data or
    // numbers that do not form a key.
    if (encrypted && error instanceof KeyError && error.code !== 'unsupported') {
      throw new KeyError('wrong-passphrase', 'wrong passphrase for this ssh.com key');
    }
    throw error;
  }
  return { format: 'sshcom', encrypted, public: key, private: key };
}
