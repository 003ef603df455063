import net from 'node:net';
import type { Cause } from '../causes';
import type { ProxyConfig } from '../config/profile';
import { classifyError } from './classify';

/**
 * The client side of an outbound proxy for the first hop: HTTP CONNECT (optional basic auth),
 * SOCKS5 (RFC 1928, user/password per RFC 1929) and SOCKS4a. Resolves with a socket that is a
 * clean byte pipe to host:port (any bytes the proxy sent after its reply are put back), which
 * ssh2 then takes as its `sock`. Failures carry a cause of the shared vocabulary.
 */
export class ProxyError extends Error {
  constructor(
    readonly code: Cause,
    message: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

export interface ProxyTarget {
  host: string;
  port: number;
  /** The resolved proxy password (from `passwordRef`); never logged. */
  password?: string;
  timeoutMs: number;
  /** Aborts the proxy handshake (the tunnel was stopped). */
  signal?: AbortSignal;
}

/** `[::1]` → `::1`: brackets are how people write IPv6 next to a port, not part of the address. */
export function unbracket(host: string): string {
  return /^\[.*\]$/.test(host) ? host.slice(1, -1) : host;
}

export function describeProxy(proxy: ProxyConfig): string {
  const host = unbracket(proxy.host);
  return `${proxy.type} proxy ${host.includes(':') ? `[${host}]` : host}:${proxy.port}`;
}

/** Reads from the socket until `complete` says how many bytes form the reply. */
function readReply(socket: net.Socket, complete: (buf: Buffer) => number | undefined) {
  return new Promise<Buffer>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const n = complete(buf);
      if (n === undefined) {
        if (buf.length > 16 * 1024)
          onError(new ProxyError('not-ssh', 'the proxy reply is too long'));
        return;
      }
      cleanup();
      socket.pause();
      if (buf.length > n) socket.unshift(buf.subarray(n));
      resolve(buf.subarray(0, n));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () =>
      onError(new ProxyError('tcp-reset', 'the proxy closed the connection during set-up'));
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('close', onClose);
    // The previous reply left the socket paused (so that no byte is lost before ssh2 reads).
    socket.resume();
  });
}

async function httpConnect(socket: net.Socket, proxy: ProxyConfig, t: ProxyTarget): Promise<void> {
  const host = unbracket(t.host);
  const authority = `${host.includes(':') ? `[${host}]` : host}:${t.port}`;
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
  if (proxy.user !== undefined) {
    const token = Buffer.from(`${proxy.user}:${t.password ?? ''}`).toString('base64');
    lines.push(`Proxy-Authorization: Basic ${token}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  const reply = await readReply(socket, (buf) => {
    const end = buf.indexOf('\r\n\r\n');
    return end < 0 ? undefined : end + 4;
  });
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(reply.toString('latin1'));
  if (!status) throw new ProxyError('not-ssh', 'what answered is not an HTTP proxy');
  const code = Number(status[1]);
  if (code >= 200 && code < 300) return;
  const first = reply.toString('latin1').split('\r\n')[0];
  if (code === 407)
    throw new ProxyError(
      'auth-rejected',
      proxy.user
        ? `the proxy refused the credentials of ${proxy.user} (${first})`
        : `the proxy asks for a user and password (${first})`,
    );
  if (code === 504)
    throw new ProxyError('tcp-timeout', `the proxy got no answer from ${authority} (${first})`);
  throw new ProxyError('tcp-refused', `the proxy would not connect to ${authority} (${first})`);
}

const SOCKS5_REPLIES: Record<number, [Cause, string]> = {
  1: ['unknown', 'general SOCKS server failure'],
  2: ['tcp-refused', 'connection not allowed by the proxy rules'],
  3: ['tcp-timeout', 'network unreachable'],
  4: ['tcp-timeout', 'host unreachable'],
  5: ['tcp-refused', 'connection refused'],
  6: ['tcp-timeout', 'TTL expired'],
  7: ['unknown', 'command not supported'],
  8: ['unknown', 'address type not supported'],
};

function socksAddress(host: string): Buffer {
  const h = unbracket(host);
  if (net.isIPv4(h)) return Buffer.from([1, ...h.split('.').map(Number)]);
  if (net.isIPv6(h)) {
    // Expand "::" so the 16 bytes can be written group by group.
    const [head = '', tail = ''] = h.split('::');
    const a = head ? head.split(':') : [];
    const b = h.includes('::') ? (tail ? tail.split(':') : []) : [];
    const groups = [...a, ...Array<string>(8 - a.length - b.length).fill('0'), ...b];
    const out = Buffer.alloc(17);
    out[0] = 4;
    groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), 1 + i * 2));
    return out;
  }
  const name = Buffer.from(h);
  return Buffer.concat([Buffer.from([3, name.length]), name]);
}

async function socks5(socket: net.Socket, proxy: ProxyConfig, t: ProxyTarget): Promise<void> {
  const withAuth = proxy.user !== undefined;
  socket.write(Buffer.from(withAuth ? [5, 2, 0, 2] : [5, 1, 0]));
  const method = await readReply(socket, (b) => (b.length >= 2 ? 2 : undefined));
  if (method[0] !== 5) throw new ProxyError('not-ssh', 'what answered is not a SOCKS5 proxy');
  if (method[1] === 2 && withAuth) {
    const user = Buffer.from(proxy.user ?? '');
    const pass = Buffer.from(t.password ?? '');
    socket.write(
      Buffer.concat([Buffer.from([1, user.length]), user, Buffer.from([pass.length]), pass]),
    );
    const ok = await readReply(socket, (b) => (b.length >= 2 ? 2 : undefined));
    if (ok[1] !== 0)
      throw new ProxyError(
        'auth-rejected',
        `the SOCKS5 proxy refused the credentials of ${proxy.user}`,
      );
  } else if (method[1] !== 0)
    throw new ProxyError(
      'auth-rejected',
      'the SOCKS5 proxy accepts none of the offered methods (it may need a user and password)',
    );
  const port = Buffer.from([t.port >> 8, t.port & 255]);
  socket.write(Buffer.concat([Buffer.from([5, 1, 0]), socksAddress(t.host), port]));
  const reply = await readReply(socket, (b) => {
    if (b.length < 5) return undefined;
    const len = b[3] === 1 ? 4 : b[3] === 4 ? 16 : 1 + (b[4] ?? 0);
    return b.length >= 4 + len + 2 ? 4 + len + 2 : undefined;
  });
  if (reply[1] !== 0) {
    const [cause, what] = SOCKS5_REPLIES[reply[1] ?? 1] ?? ['unknown', `reply ${reply[1]}`];
    throw new ProxyError(
      cause,
      `the SOCKS5 proxy could not connect to ${t.host}:${t.port}: ${what}`,
    );
  }
}

async function socks4a(socket: net.Socket, proxy: ProxyConfig, t: ProxyTarget): Promise<void> {
  // 0.0.0.1 tells the proxy the host name follows the user id: the proxy resolves it.
  socket.write(
    Buffer.concat([
      Buffer.from([4, 1, t.port >> 8, t.port & 255, 0, 0, 0, 1]),
      Buffer.from(`${proxy.user ?? ''}\0${unbracket(t.host)}\0`),
    ]),
  );
  const reply = await readReply(socket, (b) => (b.length >= 8 ? 8 : undefined));
  if (reply[1] === 0x5a) return;
  if (reply[0] !== 0) throw new ProxyError('not-ssh', 'what answered is not a SOCKS4 proxy');
  if (reply[1] === 0x5c || reply[1] === 0x5d)
    throw new ProxyError('auth-rejected', 'the SOCKS4a proxy refused the user id');
  throw new ProxyError('tcp-refused', `the SOCKS4a proxy could not connect to ${t.host}:${t.port}`);
}

/** Connects to the proxy and asks it for host:port; the socket is paused and ready for ssh2. */
export async function connectViaProxy(
  proxy: ProxyConfig,
  target: ProxyTarget,
): Promise<net.Socket> {
  const socket = net.connect({ host: unbracket(proxy.host), port: proxy.port });
  socket.setNoDelay(true);
  const timer = setTimeout(
    () =>
      socket.destroy(
        new ProxyError('tcp-timeout', `no answer from the proxy in ${target.timeoutMs} ms`),
      ),
    target.timeoutMs,
  );
  const abort = () => socket.destroy(new ProxyError('unknown', 'stopped'));
  target.signal?.addEventListener('abort', abort, { once: true });
  if (target.signal?.aborted) abort();
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve();
      });
      socket.once('error', reject);
    });
    if (proxy.type === 'http') await httpConnect(socket, proxy, target);
    else if (proxy.type === 'socks5') await socks5(socket, proxy, target);
    else await socks4a(socket, proxy, target);
    return socket;
  } catch (error) {
    socket.destroy();
    if (error instanceof ProxyError) throw error;
    const c = classifyError(error);
    throw new ProxyError(c.cause, c.detail);
  } finally {
    clearTimeout(timer);
    target.signal?.removeEventListener('abort', abort);
  }
}
