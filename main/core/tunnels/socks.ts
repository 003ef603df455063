import type { Socket } from 'node:net';

/**
 * The server side of SOCKS5 (RFC 1928, no-auth CONNECT) and SOCKS4/4a CONNECT, enough for a
 * dynamic forward (-D). Reads the request, then hands back the destination and a `reply` to send
 * once the SSH channel is open or refused. Bytes the client sent after the request (pipelined
 * data) are put back on the socket.
 */
export interface SocksRequest {
  version: 4 | 5;
  host: string;
  port: number;
  /** Tells the client whether the connection is open; closes the socket on failure. */
  reply(ok: boolean, reason?: 'refused' | 'unreachable'): void;
}

export class SocksError extends Error {}

const MAX_REQUEST = 1024;

function readIPv6(buf: Buffer, at: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(buf.readUInt16BE(at + i).toString(16));
  return parts.join(':');
}

/** Parses what has arrived so far: undefined = need more bytes. */
type Step<T> = { value: T; used: number } | undefined;

function parseSocks4(buf: Buffer): Step<{ host: string; port: number }> {
  if (buf.length < 9) return undefined;
  if (buf[1] !== 1) throw new SocksError('SOCKS4: only CONNECT is supported');
  const port = buf.readUInt16BE(2);
  const userEnd = buf.indexOf(0, 8);
  if (userEnd < 0) return undefined;
  const ip = `${buf[4]}.${buf[5]}.${buf[6]}.${buf[7]}`;
  // 4a: 0.0.0.x with x ≠ 0 means "the host name follows the user id".
  if (buf[4] === 0 && buf[5] === 0 && buf[6] === 0 && buf[7] !== 0) {
    const hostEnd = buf.indexOf(0, userEnd + 1);
    if (hostEnd < 0) return undefined;
    return { value: { host: buf.toString('utf8', userEnd + 1, hostEnd), port }, used: hostEnd + 1 };
  }
  return { value: { host: ip, port }, used: userEnd + 1 };
}

function parseSocks5Greeting(buf: Buffer): Step<boolean> {
  if (buf.length < 2) return undefined;
  const n = buf[1]!;
  if (buf.length < 2 + n) return undefined;
  const methods = buf.subarray(2, 2 + n);
  return { value: methods.includes(0), used: 2 + n };
}

function parseSocks5Request(buf: Buffer): Step<{ host: string; port: number }> {
  if (buf.length < 5) return undefined;
  if (buf[0] !== 5) throw new SocksError('SOCKS5: bad request version');
  if (buf[1] !== 1) throw new SocksError('SOCKS5: only CONNECT is supported');
  const atyp = buf[3];
  let host: string;
  let at: number;
  if (atyp === 1) {
    if (buf.length < 10) return undefined;
    host = `${buf[4]}.${buf[5]}.${buf[6]}.${buf[7]}`;
    at = 8;
  } else if (atyp === 3) {
    const len = buf[4]!;
    if (buf.length < 5 + len + 2) return undefined;
    host = buf.toString('utf8', 5, 5 + len);
    at = 5 + len;
  } else if (atyp === 4) {
    if (buf.length < 22) return undefined;
    host = readIPv6(buf, 4);
    at = 20;
  } else throw new SocksError('SOCKS5: unknown address type');
  return { value: { host, port: buf.readUInt16BE(at) }, used: at + 2 };
}

export function acceptSocks(socket: Socket, timeoutMs = 10_000): Promise<SocksRequest> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let stage: 'start' | 'v5-request' = 'start';
    const timer = setTimeout(() => fail(new SocksError('SOCKS: no request in time')), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('end', onEnd);
    };
    function fail(error: Error) {
      cleanup();
      socket.destroy();
      reject(error);
    }
    function onEnd() {
      fail(new SocksError('SOCKS: client closed before its request'));
    }
    function done(version: 4 | 5, host: string, port: number, used: number) {
      cleanup();
      socket.pause();
      const rest = buf.subarray(used);
      if (rest.length) socket.unshift(rest);
      resolve({
        version,
        host,
        port,
        reply(ok, reason) {
          if (version === 4) {
            socket.write(Buffer.from([0, ok ? 0x5a : 0x5b, 0, 0, 0, 0, 0, 0]));
          } else {
            const code = ok ? 0 : reason === 'unreachable' ? 4 : 5;
            socket.write(Buffer.from([5, code, 0, 1, 0, 0, 0, 0, 0, 0]));
          }
          if (!ok) socket.end();
        },
      });
    }
    function onData(chunk: Buffer) {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > MAX_REQUEST) return fail(new SocksError('SOCKS: request too long'));
      try {
        if (stage === 'start') {
          const version = buf[0];
          if (version === 4) {
            const step = parseSocks4(buf);
            if (step) done(4, step.value.host, step.value.port, step.used);
            return;
          }
          if (version !== 5) return fail(new SocksError('not a SOCKS4/5 client'));
          const greeting = parseSocks5Greeting(buf);
          if (!greeting) return;
          if (!greeting.value) {
            socket.end(Buffer.from([5, 0xff]));
            return fail(new SocksError('SOCKS5: client offers no method we support (no-auth)'));
          }
          socket.write(Buffer.from([5, 0]));
          buf = buf.subarray(greeting.used);
          stage = 'v5-request';
        }
        const step = parseSocks5Request(buf);
        if (step) done(5, step.value.host, step.value.port, step.used);
      } catch (error) {
        if (stage === 'v5-request') socket.write(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0]));
        fail(error as Error);
      }
    }
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('end', onEnd);
  });
}
