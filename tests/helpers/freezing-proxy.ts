import net from 'node:net';

/**
 * A TCP proxy in front of a server that can "freeze": it stops moving bytes both ways without
 * closing anything, like a dead NAT entry, a sleeping laptop or a pulled cable. Connections
 * frozen that way stay frozen (and their closes are not passed on) until dropped, so the server
 * keeps a stale session — exactly what it does when a client vanishes off the network.
 */
export interface FreezingProxy {
  port: number;
  /** Freezes every current connection and every new one until thaw(). */
  freeze(): void;
  /** New connections flow again; frozen ones are dropped unless `keepStale`. */
  thaw(options?: { keepStale?: boolean }): void;
  /** Drops the connections frozen earlier: the server finally sees them closed. */
  dropStale(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  frozen: boolean;
}

export async function startFreezingProxy(targetPort: number): Promise<FreezingProxy> {
  let freezing = false;
  const pairs = new Set<Pair>();
  const drop = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair: Pair = { client, upstream, frozen: freezing };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (!pair.frozen) to.write(chunk); // while frozen, bytes vanish
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      if (!pair.frozen) drop(pair);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const dropStale = () => {
    for (const pair of [...pairs]) if (pair.frozen) drop(pair);
  };
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze: () => {
      freezing = true;
      for (const pair of pairs) pair.frozen = true;
    },
    thaw: (options = {}) => {
      freezing = false;
      if (!options.keepStale) dropStale();
    },
    dropStale,
    close: () =>
      new Promise((resolve) => {
        for (const pair of [...pairs]) drop(pair);
        server.close(() => resolve());
      }),
  };
}
