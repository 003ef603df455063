import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

/** Client-side measurements through a forwarded port. */
export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    s.once('connect', () => {
      s.setNoDelay(true);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** MB/s of a download of everything the bulk source sends. */
export async function throughput(port: number, expected: number): Promise<number> {
  const start = process.hrtime.bigint();
  const socket = await connect(port);
  let got = 0;
  await new Promise<void>((resolve, reject) => {
    socket.on('data', (c: Buffer) => (got += c.length));
    socket.on('end', () => resolve());
    socket.on('error', reject);
  });
  socket.destroy();
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  if (got !== expected) throw new Error(`bulk: got ${got} of ${expected} bytes`);
  return expected / 1e6 / secs;
}

/** Sequential 100-byte requests, 1-KiB replies on one connection: round-trip times in ms. */
export async function latencies(port: number, count: number): Promise<number[]> {
  const socket = await connect(port);
  const request = Buffer.alloc(100, 0x71);
  const out: number[] = [];
  let got = 0;
  let resolveOne: (() => void) | undefined;
  socket.on('data', (c: Buffer) => {
    got += c.length;
    if (got >= 1024) {
      got -= 1024;
      resolveOne?.();
    }
  });
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      resolveOne = resolve;
      socket.write(request);
    });
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  socket.destroy();
  return out;
}

/** New connection → 100-byte request → first byte of the reply, in ms. */
export async function timeToFirstByte(port: number): Promise<number> {
  const t = process.hrtime.bigint();
  const socket = await connect(port);
  socket.write(Buffer.alloc(100, 0x71));
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.destroy();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

/** n parallel echo connections with distinct payloads; returns how many came back intact. */
export async function concurrentIntact(port: number, n: number, bytes: number): Promise<number> {
  const one = async () => {
    const payload = randomBytes(bytes);
    const socket = await connect(port);
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve());
      socket.on('error', reject);
      socket.end(payload);
    });
    socket.destroy();
    const h = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    return h(Buffer.concat(chunks)) === h(payload);
  };
  const results = await Promise.all(Array.from({ length: n }, () => one().catch(() => false)));
  return results.filter(Boolean).length;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const median = (values: number[]) => percentile(values, 50);
