import { KeyError } from './errors';
import { bigToBuf, bufToBig } from './sshbuf';

/** A parsed DER element: enough ASN.1 for the key structures of PKCS#1, SEC1, PKCS#8 and DSA. */
export interface Der {
  tag: number;
  body: Buffer;
  /** Children when the element is constructed (SEQUENCE, context [n] EXPLICIT). */
  children?: Der[];
}

function bad(what: string): never {
  throw new KeyError('key-unreadable', `${what}: malformed ASN.1 (DER) structure`);
}

export function parseDer(buf: Buffer, what = 'key'): Der {
  const [node, end] = parseAt(buf, 0, what, 0);
  if (end !== buf.length) bad(what);
  return node;
}

function parseAt(buf: Buffer, start: number, what: string, depth: number): [Der, number] {
  if (depth > 16) bad(what);
  let pos = start;
  if (pos + 2 > buf.length) bad(what);
  const tag = buf[pos++]!;
  if ((tag & 0x1f) === 0x1f) bad(what); // multi-byte tags never occur in key files
  let len = buf[pos++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || pos + n > buf.length) bad(what);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos++]!;
  }
  if (pos + len > buf.length) bad(what);
  const body = buf.subarray(pos, pos + len);
  const node: Der = { tag, body };
  if (tag & 0x20) {
    node.children = [];
    let p = 0;
    while (p < body.length) {
      const [child, next] = parseAt(body, p, what, depth + 1);
      node.children.push(child);
      p = next;
    }
  }
  return [node, pos + len];
}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

export function expect(node: Der | undefined, tag: number, what: string): Der {
  if (!node || node.tag !== tag) bad(what);
  return node;
}

export function seq(node: Der | undefined, what: string, min = 0): Der[] {
  const n = expect(node, TAG.SEQUENCE, what);
  const kids = n.children ?? [];
  if (kids.length < min) bad(what);
  return kids;
}

export function int(node: Der | undefined, what: string): bigint {
  const n = expect(node, TAG.INTEGER, what);
  if (n.body.length > 0 && (n.body[0]! & 0x80) !== 0) bad(what);
  return bufToBig(n.body);
}

export function octets(node: Der | undefined, what: string): Buffer {
  return expect(node, TAG.OCTET_STRING, what).body;
}

export function oidHex(node: Der | undefined, what: string): string {
  return expect(node, TAG.OID, what).body.toString('hex');
}

// ---- encoding ----

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const b = bigToBuf(BigInt(n));
  return Buffer.concat([Buffer.from([0x80 | b.length]), b]);
}

export function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

export function derSeq(...items: Buffer[]): Buffer {
  return tlv(TAG.SEQUENCE, Buffer.concat(items));
}

export function derInt(n: bigint): Buffer {
  let b = bigToBuf(n);
  if (b.length === 0 || (b[0]! & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(TAG.INTEGER, b);
}

export function derOctets(b: Buffer): Buffer {
  return tlv(TAG.OCTET_STRING, b);
}

export function derOid(hex: string): Buffer {
  return tlv(TAG.OID, Buffer.from(hex, 'hex'));
}

export function derBitString(b: Buffer): Buffer {
  return tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([0]), b]));
}

/** Context-specific constructed [n] (EXPLICIT tagging, as SEC1 and PKCS#8 use). */
export function derContext(n: number, body: Buffer): Buffer {
  return tlv(0xa0 | n, body);
}

/** Object identifiers as the hex of their DER content, so no OID arithmetic is needed. */
export const OID = {
  rsaEncryption: '2a864886f70d010101',
  ecPublicKey: '2a8648ce3d0201',
  dsa: '2a8648ce380401',
  ed25519: '2b6570',
  ed448: '2b6571',
  prime256v1: '2a8648ce3d030107',
  secp384r1: '2b81040022',
  secp521r1: '2b81040023',
} as const;
