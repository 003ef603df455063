import net from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('no port'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/** Resolves once something on host:port answers with `prefix` (e.g. an SSH banner). */
export async function waitForBanner(
  port: number,
  prefix: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let seen = '';
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(1000, () => done(false));
      socket.on('error', () => done(false));
      socket.on('data', (chunk) => {
        seen += chunk.toString('latin1');
        if (seen.startsWith(prefix)) done(true);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing answered "${prefix}" on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `count` distinct ports that were free on 127.0.0.1 a moment ago. All are held open until every
 * one is known, so that the kernel cannot hand out the same port twice (calling freePort in a loop
 * can, once the previous listener closed).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.on('error', reject);
          server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}
