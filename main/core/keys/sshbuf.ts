import { KeyError } from './errors';

/**
 * Reader for the SSH wire encoding (RFC 4251 §5). Every short read is a KeyError, so a truncated
 * or mutated blob can only ever fail in the typed way.
 */
export class SshReader {
  private pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly what = 'key data',
  ) {}

  private fail(): never {
    throw new KeyError('key-unreadable', `${this.what} is truncated or malformed`);
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  rest(): Buffer {
    const out = this.buf.subarray(this.pos);
    this.pos = this.buf.length;
    return out;
  }

  bytes(n: number): Buffer {
    if (n < 0 || n > this.remaining) this.fail();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  uint32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  string(): Buffer {
    return this.bytes(this.uint32());
  }

  text(): string {
    return this.string().toString('utf8');
  }

  /** Unsigned view of an mpint; negative values are not keys. */
  mpint(): bigint {
    const raw = this.string();
    if (raw.length > 0 && (raw[0]! & 0x80) !== 0) this.fail();
    return bufToBig(raw);
  }
}

export class SshWriter {
  private readonly parts: Buffer[] = [];

  uint32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0, 0);
    this.parts.push(b);
    return this;
  }

  raw(b: Buffer): this {
    this.parts.push(b);
    return this;
  }

  string(b: Buffer | string): this {
    const data = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
    return this.uint32(data.length).raw(data);
  }

  mpint(n: bigint): this {
    let b = bigToBuf(n);
    if (b.length > 0 && (b[0]! & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
    return this.string(b);
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export function bufToBig(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
}

/** Minimal unsigned big-endian bytes; `size` left-pads (fixed-width fields such as EC scalars). */
export function bigToBuf(n: bigint, size = 0): Buffer {
  if (n < 0n) throw new KeyError('key-unreadable', 'negative number in key');
  let hex = n === 0n ? '' : n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const b = Buffer.from(hex, 'hex');
  if (size > b.length) return Buffer.concat([Buffer.alloc(size - b.length), b]);
  return b;
}

export function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}
