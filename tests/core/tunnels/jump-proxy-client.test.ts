import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectViaProxy, type ProxyError } from '../../../main/core/tunnels/proxy-client';

/**
 * The proxy client against scripted fake proxies on 127.0.0.1: what it sends for each protocol
 * (SOCKS5 user/password, IPv6 and name addresses, SOCKS4a) and the cause each refusal gets.
 */
type Script = (socket: net.Socket, data: Buffer[]) => void;

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server that records what arrives and answers with `script` after each chunk. */
async function fake(script: Script): Promise<{ port: number; data: Buffer[] }> {
  const data: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      data.push(chunk);
      script(socket, data);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, data };
}

const reject = async (p: Promise<unknown>): Promise<ProxyError> => {
  try {
    await p;
  } catch (error) {
    return error as ProxyError;
  }
  throw new Error('expected a failure');
};

describe('outbound proxy client', () => {
  it('SOCKS5 with user/password sends RFC 1929 auth and an IPv6 address; leftover bytes stay', async () => {
    const proxy = await fake((socket, data) => {
      if (data.length === 1) socket.write(Buffer.from([5, 2]));
      else if (data.length === 2) socket.write(Buffer.from([1, 0]));
      else
        socket.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...Buffer.from('SSH-2.0-x\r\n')]));
    });
    const socket = await connectViaProxy(
      { type: 'socks5', host: '127.0.0.1', port: proxy.port, user: 'me' },
      { host: '[2001:db8::5]', port: 22, password: 'pw', timeoutMs: 2000 },
    );
    expect([...proxy.data[0]!]).toEqual([5, 2, 0, 2]);
    expect(proxy.data[1]!.toString('latin1')).toBe('\x01\x02me\x02pw');
    expect([...proxy.data[2]!]).toEqual([
      5, 1, 0, 4, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 22,
    ]);
    const first = await new Promise<Buffer>((resolve) => {
      socket.once('data', resolve);
      socket.resume();
    });
    expect(first.toString()).toBe('SSH-2.0-x\r\n');
    socket.destroy();
  });

  it('SOCKS5 maps refusals to causes', async () => {
    const proxy = await fake((socket, data) => {
      if (data.length === 1) socket.write(Buffer.from([5, 0]));
      else socket.write(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]));
    });
    const error = await reject(
      connectViaProxy(
        { type: 'socks5', host: '127.0.0.1', port: proxy.port },
        { host: 'lic.example', port: 22, timeoutMs: 2000 },
      ),
    );
    expect(error.code).toBe('tcp-refused');
    expect(error.message).toMatch(/lic\.example:22: connection refused/);
    expect(proxy.data[1]!.subarray(3, 5)).toEqual(Buffer.from([3, 11]));
  });

  it('SOCKS4a sends the user id and the name for the proxy to resolve', async () => {
    const proxy = await fake((socket) => socket.write(Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0])));
    const socket = await connectViaProxy(
      { type: 'socks4a', host: '127.0.0.1', port: proxy.port, user: 'tk' },
      { host: 'bastion', port: 2222, timeoutMs: 2000 },
    );
    socket.destroy();
    expect(proxy.data[0]!.toString('latin1')).toBe(
      '\x04\x01\x08\xae\x00\x00\x00\x01tk\x00bastion\x00',
    );
  });

  it('HTTP: 407 without credentials is auth-rejected; a non-proxy answer is not-ssh', async () => {
    const auth = await fake((socket) =>
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n'),
    );
    const e1 = await reject(
      connectViaProxy(
        { type: 'http', host: '127.0.0.1', port: auth.port },
        { host: '::1', port: 22, timeoutMs: 2000 },
      ),
    );
    expect(e1.code).toBe('auth-rejected');
    expect(auth.data[0]!.toString()).toMatch(
      /^CONNECT \[::1\]:22 HTTP\/1\.1\r\nHost: \[::1\]:22\r\n\r\n$/,
    );
    const other = await fake((socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    const e2 = await reject(
      connectViaProxy(
        { type: 'http', host: '127.0.0.1', port: other.port },
        { host: 'h', port: 22, timeoutMs: 2000 },
      ),
    );
    expect(e2.code).toBe('not-ssh');
  });

  it('a proxy that never answers is a tcp-timeout; nothing listening is tcp-refused', async () => {
    const silent = await fake(() => undefined);
    const e1 = await reject(
      connectViaProxy(
        { type: 'http', host: '127.0.0.1', port: silent.port },
        { host: 'h', port: 22, timeoutMs: 300 },
      ),
    );
    expect(e1.code).toBe('tcp-timeout');
    const closed = await fake(() => undefined);
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    const e2 = await reject(
      connectViaProxy(
        { type: 'socks5', host: '127.0.0.1', port: closed.port },
        { host: 'h', port: 22, timeoutMs: 2000 },
      ),
    );
    expect(e2.code).toBe('tcp-refused');
  });
});
