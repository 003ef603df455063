import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

/** Test targets behind a forward: an echo that honours half-close, and a speak-first server. */
export interface TargetServer {
  port: number;
  /** Every connection seen, for assertions about what arrived. */
  received: Buffer[];
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** Echoes everything; when the client half-closes, finishes echoing then half-closes too. */
export async function startEchoServer(): Promise<TargetServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  const port = await listen(server);
  return { port, received: [], close: closer(server, sockets) };
}

/**
 * Speaks first and half-closes at once ("hello\n" + FIN), then keeps reading: what the client
 * sends after the server's FIN must still arrive (half-close in the other direction).
 */
export async function startSpeakFirstServer(): Promise<TargetServer> {
  const sockets = new Set<net.Socket>();
  const received: Buffer[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      received.push(Buffer.concat(chunks));
      socket.destroy();
    });
    socket.on('close', () => sockets.delete(socket));
    socket.end('hello\n');
  });
  const port = await listen(server);
  return { port, received, close: closer(server, sockets) };
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Connects (directly or after `prelude`, e.g. a SOCKS handshake), sends `payload`, half-closes,
 * and returns everything read until the other side's FIN.
 */
export function roundTrip(
  port: number,
  payload: Buffer,
  prelude?: (socket: net.Socket) => Promise<void>,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    socket.on('error', reject);
    socket.once('connect', async () => {
      try {
        if (prelude) await prelude(socket);
      } catch (error) {
        reject(error as Error);
        return;
      }
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => {
        socket.destroy();
        resolve(Buffer.concat(chunks));
      });
      socket.end(payload);
    });
  });
}

/** Reads exactly n bytes from a socket (used after SOCKS replies). */
export function readBytes(socket: net.Socket, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= n) {
        socket.off('data', onData);
        socket.off('error', reject);
        if (buf.length > n) socket.unshift(buf.subarray(n));
        resolve(buf.subarray(0, n));
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** SOCKS5 no-auth CONNECT to host:port (domain form). */
export async function socks5Connect(socket: net.Socket, host: string, port: number): Promise<void> {
  socket.write(Buffer.from([5, 1, 0]));
  const method = await readBytes(socket, 2);
  if (method[1] !== 0) throw new Error('SOCKS5 method refused');
  const name = Buffer.from(host);
  const req = Buffer.concat([
    Buffer.from([5, 1, 0, 3, name.length]),
    name,
    Buffer.from([port >> 8, port & 255]),
  ]);
  socket.write(req);
  const reply = await readBytes(socket, 10);
  if (reply[1] !== 0) throw new Error(`SOCKS5 connect failed (${reply[1]})`);
}

/** SOCKS4a CONNECT (host name sent after the user id). */
export async function socks4aConnect(
  socket: net.Socket,
  host: string,
  port: number,
): Promise<void> {
  socket.write(
    Buffer.concat([
      Buffer.from([4, 1, port >> 8, port & 255, 0, 0, 0, 1]),
      Buffer.from('tk\0'),
      Buffer.from(`${host}\0`),
    ]),
  );
  const reply = await readBytes(socket, 8);
  if (reply[1] !== 0x5a) throw new Error(`SOCKS4a connect failed (${reply[1]})`);
}

export const randomPayload = (bytes: number): Buffer => randomBytes(bytes);

/** Streams zeros as fast as the reader takes them (honouring backpressure); counts what it wrote. */
export async function startFirehose(): Promise<TargetServer & { written(): number }> {
  const sockets = new Set<net.Socket>();
  let written = 0;
  const block = Buffer.alloc(64 * 1024);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    const pump = () => {
      while (!socket.destroyed) {
        written += block.length;
        if (!socket.write(block)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
  const port = await listen(server);
  return { port, received: [], written: () => written, close: closer(server, sockets) };
}
