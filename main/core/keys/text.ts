import { KeyError } from './errors';

/**
 * Key files arrive from Windows editors: a UTF-8 BOM, CRLF or lone CR line ends, or UTF-16 from
 * PowerShell's `>`. Everything is turned into LF-separated text before any reader looks at it.
 */
export function decodeKeyText(data: Buffer | string): {
  text: string;
  utf16: boolean;
  /** Not valid UTF-8 (e.g. a Shift-JIS or cp1252 PPK comment): decoded byte for byte as Latin-1. */
  latin1: boolean;
} {
  if (typeof data === 'string') {
    return { text: normaliseNewlines(stripBom(data)), utf16: false, latin1: false };
  }
  let latin1 = false;
  let utf16 = false;
  let text: string;
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) {
    utf16 = true;
    text = data.subarray(2).toString('utf16le');
  } else if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
    utf16 = true;
    const body = data.subarray(2);
    text = Buffer.from(body.subarray(0, body.length - (body.length % 2)))
      .swap16()
      .toString('utf16le');
  } else if (looksUtf16WithoutBom(data)) {
    utf16 = true;
    text = data.toString('utf16le');
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      // PuTTYgen on Windows writes comments in the ANSI code page; Latin-1 keeps every byte, so
      // the PPK MAC (computed over the raw comment bytes) can still be verified.
      latin1 = true;
      text = data.toString('latin1');
    }
  }
  return { text: normaliseNewlines(stripBom(text)), utf16, latin1 };
}

function looksUtf16WithoutBom(data: Buffer): boolean {
  if (data.length < 8 || data.length % 2 !== 0) return false;
  let zeros = 0;
  for (let i = 1; i < Math.min(data.length, 200); i += 2) if (data[i] === 0) zeros++;
  return zeros >= Math.min(data.length, 200) / 2 - 2 && data[0] !== 0;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function normaliseNewlines(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** Strict base64: PEM bodies and key lines with stray characters are damage, not decoration. */
export function decodeBase64(text: string, what: string): Buffer {
  const compact = text.replace(/[ \t\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new KeyError('key-unreadable', `${what}: invalid base64 data`);
  }
  return Buffer.from(compact, 'base64');
}

export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return lines;
}

/** LF line ends and exactly one trailing newline, whatever the writer produced. */
export function finishText(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export interface Armoured {
  label: string;
  headers: Map<string, string>;
  body: Buffer;
}

/**
 * Reads one `-----BEGIN X-----` block (RFC 7468 plus the RFC 1421 headers legacy OpenSSL PEM
 * encryption uses). Text around the block is ignored, as OpenSSL does.
 */
export function readPemArmour(text: string): Armoured {
  const begin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text);
  if (!begin) throw new KeyError('key-unreadable', 'no PEM block found');
  const label = begin[1]!;
  const endMarker = `-----END ${label}-----`;
  const endAt = text.indexOf(endMarker, begin.index);
  if (endAt < 0)
    throw new KeyError('key-unreadable', `PEM block "${label}" is truncated (no END line)`);
  const inner = text.slice(begin.index + begin[0].length, endAt).split('\n');
  const headers = new Map<string, string>();
  const bodyLines: string[] = [];
  let inHeaders = true;
  for (const raw of inner) {
    const line = raw.trim();
    if (inHeaders) {
      const h = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (h) {
        headers.set(h[1]!.toLowerCase(), h[2]!);
        continue;
      }
      if (line === '') continue;
      inHeaders = false;
    }
    bodyLines.push(line);
  }
  return { label, headers, body: decodeBase64(bodyLines.join(''), `PEM block "${label}"`) };
}

export function writePemArmour(
  label: string,
  body: Buffer,
  headers: [string, string][] = [],
  width = 64,
): string {
  const lines = [`-----BEGIN ${label}-----`];
  for (const [k, v] of headers) lines.push(`${k}: ${v}`);
  if (headers.length) lines.push('');
  lines.push(...wrap(body.toString('base64'), width), `-----END ${label}-----`);
  return finishText(lines);
}
