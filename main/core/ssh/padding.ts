import { randomFillSync } from 'node:crypto';
import type { Client } from 'ssh2';

/**
 * Random packet padding from a pool instead of one `crypto.randomFillSync` per SSH packet.
 *
 * Every packet ssh2 sends carries 4–19 bytes of random padding (RFC 4253 §6), and ssh2 asks
 * OpenSSL for them one packet at a time: a trip through Node's crypto job machinery, OpenSSL's
 * DRBG lookup and a `getpid` syscall (its fork check) per packet. On a request/response
 * workload that was ~7 % of the tunnel process's CPU (perf, pgbench -S with 8 clients). OpenSSH
 * draws its padding from a buffered ChaCha20 stream (arc4random); this does the same with a
 * 4 KiB block from the same CSPRNG, each byte used once.
 *
 * ssh2 has no option for it and no patch mechanism is set up here, so the outbound cipher's
 * `allocPacket` is replaced on the cipher object after each key exchange (a re-exchange makes a
 * new one). The replacement is only installed when it reproduces the original exactly (length,
 * length field, padding length, for payloads of 0–63 bytes: every residue of the block); a
 * cipher laid out otherwise, or a future ssh2 that changes the layout, keeps its own.
 */
export function poolPadding(client: Client): void {
  const cipher = (client as unknown as { _protocol?: { _cipher?: AllocPacketOwner } })._protocol
    ?._cipher;
  if (!cipher || typeof cipher.allocPacket !== 'function' || cipher[POOLED]) return;
  const original = cipher.allocPacket;
  for (const align of [8, 16])
    for (const counted of [0, 4]) {
      const layout = { align, counted, extra: 0 };
      layout.extra = original.call(cipher, 0).length - packetLength(layout, 0);
      if (layout.extra < 0 || !sameLayout(original, cipher, layout)) continue;
      cipher.allocPacket = allocPacket(layout);
      cipher[POOLED] = true;
      return;
    }
}

interface Layout {
  /** The cipher's block: packet length (minus `counted`) is a multiple of it. */
  align: number;
  /** 4 when the length field is not part of the aligned length (AEAD, encrypt-then-MAC). */
  counted: number;
  /** Room after the packet for the tag or MAC, computed in place. */
  extra: number;
}

const POOLED = Symbol('tunnelkeeper.poolPadding');
type AllocPacket = (this: object, payloadLen: number) => Buffer;
interface AllocPacketOwner {
  allocPacket: AllocPacket;
  [POOLED]?: boolean;
}

function packetLength({ align, counted }: Layout, payloadLen: number): number {
  const pktLen = 4 + 1 + payloadLen;
  let padLen = align - ((pktLen - counted) & (align - 1));
  if (padLen < 4) padLen += align;
  return pktLen + padLen;
}

function sameLayout(original: AllocPacket, cipher: object, layout: Layout): boolean {
  const ours = allocPacket(layout);
  for (let n = 0; n < 64; n++) {
    const a = original.call(cipher, n);
    const b = ours.call(cipher, n);
    if (a.length !== b.length || a.readUInt32BE(0) !== b.readUInt32BE(0) || a[4] !== b[4])
      return false;
  }
  return true;
}

function allocPacket(layout: Layout): AllocPacket {
  const { extra } = layout;
  return function allocPacket(payloadLen: number): Buffer {
    const pktLen = packetLength(layout, payloadLen);
    const padLen = pktLen - 5 - payloadLen;
    const packet = Buffer.allocUnsafe(pktLen + extra);
    packet.writeUInt32BE(pktLen - 4, 0);
    packet[4] = padLen;
    fillPadding(packet, 5 + payloadLen, padLen);
    return packet;
  };
}

const POOL = Buffer.allocUnsafeSlow(4096);
let used = POOL.length;

function fillPadding(packet: Buffer, offset: number, length: number): void {
  if (used + length > POOL.length) {
    randomFillSync(POOL);
    used = 0;
  }
  for (let i = 0; i < length; i++) packet[offset + i] = POOL[used + i]!;
  used += length;
}
