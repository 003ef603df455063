import net from 'node:net';

/** Benchmark targets: a bulk source, a 100-byte→1-KiB request/response server, an echo. */
export interface Server {
  port: number;
  close(): void;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

/** On connect, sends `bytes` of data then closes (download throughput). */
export async function bulkSource(bytes: number): Promise<Server> {
  const block = Buffer.alloc(256 * 1024, 0x5a);
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, block.length);
        left -= n;
        if (!socket.write(n === block.length ? block : block.subarray(0, n))) {
          socket.once('drain', pump);
          return;
        }
      }
      socket.end();
    };
    pump();
  });
  return { port: await listen(server), close: () => server.close() };
}

/** Reads 100-byte requests, answers each with 1 KiB. */
export async function requestResponse(): Promise<Server> {
  const reply = Buffer.alloc(1024, 0x61);
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    let pending = 0;
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.length;
      while (pending >= 100) {
        pending -= 100;
        socket.write(reply);
      }
    });
  });
  return { port: await listen(server), close: () => server.close() };
}

export async function echo(): Promise<Server> {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  return { port: await listen(server), close: () => server.close() };
}
