import net from 'node:net';
import { EN, type MessageKey } from './advice/messages.en';

/** How a TCP connect ended; `kind` drives the tcp check's cause. */
export type ConnectKind = 'refused' | 'timeout' | 'reset' | 'unreachable' | 'blocked' | 'other';

export interface ConnectFailure {
  kind: ConnectKind;
  code: string;
  address: string;
}

/** What the server sent first, once our own identification line was out. */
export type BannerOutcome =
  | { kind: 'ssh'; banner: string; preamble: string[] }
  | { kind: 'other'; sample: Buffer }
  | { kind: 'silent' }
  | { kind: 'closed' }
  | { kind: 'reset'; code: string };

/** Sent as soon as we connect, as OpenSSH does: a server that waits for the client (HTTP, TLS) answers it. */
export const PROBE_IDENT = 'SSH-2.0-Tunnelkeeper_diagnose';

export function classifyConnectError(code: string | undefined): ConnectKind {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return 'unreachable';
    case 'EACCES':
    case 'EPERM':
      return 'blocked';
    default:
      return 'other';
  }
}

/**
 * A raw TCP conversation with the server, below ssh2, so the diagnosis sees what ssh2 hides:
 * which address answered, the identification line (or whatever else answered) and the
 * server's KEXINIT with every algorithm it offers.
 */
export class RawProbe {
  private buffer = Buffer.alloc(0);
  private ended = false;
  private error: NodeJS.ErrnoException | undefined;
  private wake: (() => void) | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.notify();
    });
    socket.on('end', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('close', () => {
      this.ended = true;
      this.notify();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.error = error;
      this.notify();
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Connects to one address; resolves to the probe or to a classified failure. */
  static connect(
    address: string,
    port: number,
    timeoutMs: number,
  ): Promise<RawProbe | ConnectFailure> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: address, port });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ kind: 'timeout', code: 'ETIMEDOUT', address });
      }, timeoutMs);
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ kind: classifyConnectError(error.code), code: error.code ?? 'ERROR', address });
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new RawProbe(socket));
      });
    });
  }

  /** Waits for more data, the end, an error or the deadline; false when the deadline passed. */
  private waitForData(deadline: number): Promise<boolean> {
    const left = deadline - Date.now();
    if (left <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, left);
      this.wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  /** Reads the identification line (RFC 4253 §4.2 allows other lines before it). */
  async readBanner(timeoutMs: number): Promise<BannerOutcome> {
    this.socket.write(`${PROBE_IDENT}\r\n`);
    const deadline = Date.now() + timeoutMs;
    const preamble: string[] = [];
    // Preamble lines stay in the buffer until the SSH line is found: if none comes, they are
    // the evidence of what answered.
    let scan = 0;
    for (;;) {
      const newline = this.buffer.indexOf(0x0a, scan);
      if (newline >= 0 && newline < 8192) {
        const line = this.buffer.subarray(scan, newline).toString('latin1').replace(/\r$/, '');
        if (line.startsWith('SSH-')) {
          this.buffer = this.buffer.subarray(newline + 1);
          return { kind: 'ssh', banner: line, preamble };
        }
        // A non-SSH first line settles it, except for the preamble lines the RFC allows.
        if (!this.looksLikePreamble(line)) return this.other();
        preamble.push(line);
        scan = newline + 1;
        continue;
      }
      if (this.buffer.length >= 8192 || (this.buffer.length >= 4 && !this.couldBeText()))
        return this.other();
      if (this.error)
        return this.buffer.length > 0
          ? this.other()
          : { kind: 'reset', code: this.error.code ?? 'ERROR' };
      if (this.ended) return this.buffer.length > 0 ? this.other() : { kind: 'closed' };
      if (!(await this.waitForData(deadline)))
        return this.buffer.length > 0 ? this.other() : { kind: 'silent' };
    }
  }

  private looksLikePreamble(line: string): boolean {
    // Known non-SSH greetings are not a preamble: they are the answer.
    return !/^(HTTP\/|220[ -]|\+OK|\* OK|RFB |<)/.test(line) && /^[\x20-\x7e\t]*$/.test(line);
  }

  private couldBeText(): boolean {
    const first = this.buffer[0] ?? 0;
    return first >= 0x09 && first < 0x7f && first !== 0x15 && first !== 0x16;
  }

  private other(): BannerOutcome {
    return { kind: 'other', sample: Buffer.from(this.buffer.subarray(0, 512)) };
  }

  /** Reads the server's first binary packet (unencrypted before NEWKEYS): its KEXINIT payload. */
  async readFirstPacket(timeoutMs: number): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.buffer.length >= 5) {
        const length = this.buffer.readUInt32BE(0);
        if (length > 256 * 1024) return undefined;
        if (this.buffer.length >= 4 + length) {
          const padding = this.buffer[4] ?? 0;
          return Buffer.from(this.buffer.subarray(5, 4 + length - padding));
        }
      }
      if (this.error || this.ended) return undefined;
      if (!(await this.waitForData(deadline))) return undefined;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Names what answered instead of an SSH server, for the banner check's detail. */
export function describeNonSsh(sample: Buffer): {
  what: string;
  whatKey: MessageKey;
  excerpt: string;
} {
  const first = sample[0];
  const text = sample.toString('latin1');
  const excerpt = JSON.stringify(text.split(/\r?\n/)[0]?.slice(0, 80) ?? '');
  const named = (whatKey: MessageKey, shown = excerpt) => ({
    what: EN[whatKey],
    whatKey,
    excerpt: shown,
  });
  if ((first === 0x15 || first === 0x16) && sample[1] === 0x03)
    return named('what.tls', sample.subarray(0, 7).toString('hex'));
  if (text.startsWith('HTTP/')) return named('what.http');
  if (/^220[ -]/.test(text)) return named('what.ftpSmtp');
  if (/^(\+OK|\* OK)/.test(text)) return named('what.mail');
  if (text.startsWith('RFB ')) return named('what.vnc');
  if (/^[\t\n\r\x20-\x7e]+$/.test(text)) return named('what.text');
  return named('what.binary', sample.subarray(0, 16).toString('hex'));
}
