import net from 'node:net';

/**
 * Small outbound proxies on 127.0.0.1 for the tests: an HTTP CONNECT proxy that checks basic
 * auth, and a SOCKS5 proxy (no auth). Each records the host:port it was asked for, so a test can
 * prove the connection really went through it. They only ever connect to 127.0.0.1.
 */
export interface TestProxy {
  port: number;
  /** Every CONNECT target asked for, as "host:port". */
  requests: string[];
  /** Answers refused for bad credentials. */
  refused: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function relay(client: net.Socket, host: string, port: number, onOpen: (ok: boolean) => void) {
  const upstream = net.connect({ host, port, allowHalfOpen: true });
  upstream.once('connect', () => {
    onOpen(true);
    client.pipe(upstream).pipe(client);
    client.resume();
  });
  upstream.once('error', () => {
    onOpen(false);
    client.destroy();
  });
  client.on('error', () => upstream.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  return upstream;
}

/** Only loopback targets are carried: the tests must never reach anything else. */
const allowed = (host: string): boolean => host === '127.0.0.1' || host === 'localhost';

export async function startHttpConnectProxy(auth?: {
  user: string;
  password: string;
}): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const state = { requests: [] as string[], refused: 0 };
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      client.pause();
      const rest = head.subarray(end + 4);
      if (rest.length) client.unshift(rest);
      const lines = head.subarray(0, end).toString('latin1').split('\r\n');
      const m = /^CONNECT (\S+):(\d+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
      if (!m) {
        client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
        return;
      }
      const host = (m[1] as string).replace(/^\[|\]$/g, '');
      const port = Number(m[2]);
      state.requests.push(`${host}:${port}`);
      if (auth) {
        const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
        const given = lines
          .find((l) => /^proxy-authorization:/i.test(l))
          ?.replace(/^[^:]*:\s*/, '');
        if (given !== expected) {
          state.refused++;
          client.end(
            'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="t"\r\n\r\n',
          );
          return;
        }
      }
      if (!allowed(host)) {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      relay(client, host, port, (ok) => {
        if (ok) client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        else client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      });
    };
    client.on('data', onData);
  });
  const port = await listen(server);
  return {
    port,
    get requests() {
      return state.requests;
    },
    get refused() {
      return state.refused;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function startSocks5Proxy(): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const requests: string[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'request' = 'greeting';
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 'greeting') {
        if (buf.length < 2 || buf.length < 2 + (buf[1] ?? 0)) return;
        const methods = buf.subarray(2, 2 + (buf[1] ?? 0));
        buf = buf.subarray(2 + (buf[1] ?? 0));
        if (!methods.includes(0)) {
          client.end(Buffer.from([5, 0xff]));
          return;
        }
        client.write(Buffer.from([5, 0]));
        stage = 'request';
      }
      if (buf.length < 5) return;
      const atyp = buf[3];
      const len = atyp === 1 ? 4 : atyp === 4 ? 16 : 1 + (buf[4] ?? 0);
      if (buf.length < 4 + len + 2) return;
      client.off('data', onData);
      client.pause();
      const addr = buf.subarray(4, 4 + len);
      const host =
        atyp === 1 ? [...addr].join('.') : atyp === 3 ? addr.subarray(1).toString() : '::';
      const port = buf.readUInt16BE(4 + len);
      const rest = buf.subarray(4 + len + 2);
      if (rest.length) client.unshift(rest);
      requests.push(`${host}:${port}`);
      const reply = (code: number) => Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]);
      if (!allowed(host)) {
        client.end(reply(2));
        return;
      }
      relay(client, host, port, (ok) => {
        if (ok) client.write(reply(0));
        else client.end(reply(5));
      });
    };
    client.on('data', onData);
  });
  const port = await listen(server);
  return {
    port,
    requests,
    refused: 0,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
