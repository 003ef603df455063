/**
 * PuTTY's host-key cache as exported by regedit (`SshHostKeys` .reg file, usually UTF-16LE with
 * a BOM). PuTTY stores no key blob, only the numbers (its `cache_str`): value name
 * `<cache_id>@<port>:<host>`, value e.g. `0x<e>,0x<n>` (rsa2), `0x<p>,0x<q>,0x<g>,0x<y>` (dss),
 * `nistp256,0x<x>,0x<y>` (ECDSA affine point), `0x<x>,0x<y>` (Ed25519/Ed448 affine point).
 * We rebuild the SSH public key blob from those, so it can be fingerprinted and stored.
 */
import { createPublicKey } from 'node:crypto';
import { SshWriter } from '../../keys/sshbuf';

export interface PuttyHostKey {
  host: string;
  port: number;
  keyType: string;
  blob: Buffer;
}

export interface PuttyRegResult {
  keys: PuttyHostKey[];
  skipped: { name: string; reason: string }[];
}

export function decodeRegText(data: Buffer): string {
  if (data[0] === 0xff && data[1] === 0xfe) return data.subarray(2).toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) {
    const swapped = Buffer.from(data.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  // UTF-16LE without BOM still shows as NUL every other byte.
  if (data.length > 1 && data[1] === 0 && data[0] !== 0) return data.toString('utf16le');
  return data.toString('utf8').replace(/^\uFEFF/, '');
}

export function isRegFile(text: string): boolean {
  return /^\s*(Windows Registry Editor Version|REGEDIT4)/.test(text);
}

const unescapeReg = (s: string) => s.replace(/\\(["\\])/g, '$1');

const hexBig = (s: string): bigint => {
  if (!/^0x[0-9a-f]+$/i.test(s)) throw new Error(`bad number "${s.slice(0, 20)}"`);
  return BigInt(s);
};

function fixed(n: bigint, bytes: number): Buffer {
  const hex = n.toString(16).padStart(bytes * 2, '0');
  if (hex.length > bytes * 2) throw new Error('coordinate too large');
  return Buffer.from(hex, 'hex');
}

const CURVES: Record<string, { bytes: number; jwk: string }> = {
  nistp256: { bytes: 32, jwk: 'P-256' },
  nistp384: { bytes: 48, jwk: 'P-384' },
  nistp521: { bytes: 66, jwk: 'P-521' },
};

/** RFC 8032 encoding: y little-endian, the low bit of x in the top bit of the last byte. */
function edwardsPoint(x: bigint, y: bigint, bytes: number): Buffer {
  const out = fixed(y, bytes).reverse();
  if (x & 1n) out[bytes - 1]! |= 0x80;
  return out;
}

export function puttyBlob(cacheId: string, value: string): { keyType: string; blob: Buffer } {
  const parts = value.split(',');
  switch (cacheId) {
    case 'rsa2': {
      const [e, n] = parts.map(hexBig);
      if (parts.length !== 2) throw new Error('expected 0x<e>,0x<n>');
      return {
        keyType: 'ssh-rsa',
        blob: new SshWriter().string('ssh-rsa').mpint(e!).mpint(n!).toBuffer(),
      };
    }
    case 'dss': {
      if (parts.length !== 4) throw new Error('expected p,q,g,y');
      const w = new SshWriter().string('ssh-dss');
      for (const n of parts.map(hexBig)) w.mpint(n);
      return { keyType: 'ssh-dss', blob: w.toBuffer() };
    }
    case 'ssh-ed25519':
    case 'ssh-ed448': {
      if (parts.length !== 2) throw new Error('expected 0x<x>,0x<y>');
      const [x, y] = parts.map(hexBig);
      const pub = edwardsPoint(x!, y!, cacheId === 'ssh-ed25519' ? 32 : 57);
      return { keyType: cacheId, blob: new SshWriter().string(cacheId).string(pub).toBuffer() };
    }
    default: {
      const m = /^ecdsa-sha2-(nistp256|nistp384|nistp521)$/.exec(cacheId);
      if (!m) throw new Error(`key type "${cacheId}" is not supported`);
      const curve = m[1]!;
      if (parts.length !== 3 || parts[0] !== curve)
        throw new Error(`expected ${curve},0x<x>,0x<y>`);
      const { bytes, jwk } = CURVES[curve]!;
      const x = fixed(hexBig(parts[1]!), bytes);
      const y = fixed(hexBig(parts[2]!), bytes);
      // Node refuses a point that is not on the curve: a mangled export is caught here.
      createPublicKey({
        key: { kty: 'EC', crv: jwk, x: x.toString('base64url'), y: y.toString('base64url') },
        format: 'jwk',
      });
      const q = Buffer.concat([Buffer.from([4]), x, y]);
      return {
        keyType: cacheId,
        blob: new SshWriter().string(cacheId).string(curve).string(q).toBuffer(),
      };
    }
  }
}

export function parsePuttyReg(data: Buffer | string): PuttyRegResult {
  const text = typeof data === 'string' ? data : decodeRegText(data);
  const result: PuttyRegResult = { keys: [], skipped: [] };
  let inSection = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inSection = /\\SshHostKeys\]$/i.test(line);
      continue;
    }
    if (!inSection) continue;
    const m = /^"((?:[^"\\]|\\.)*)"="((?:[^"\\]|\\.)*)"$/.exec(line);
    if (!m) continue;
    const name = unescapeReg(m[1]!);
    const at = /^([^@]+)@(\d+):(.+)$/.exec(name);
    if (!at) {
      result.skipped.push({ name, reason: 'not a <type>@<port>:<host> name' });
      continue;
    }
    try {
      const { keyType, blob } = puttyBlob(at[1]!, unescapeReg(m[2]!).trim());
      result.keys.push({ host: at[3]!, port: Number(at[2]), keyType, blob });
    } catch (error) {
      result.skipped.push({ name, reason: (error as Error).message });
    }
  }
  return result;
}
