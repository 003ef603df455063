/**
 * Whole-file view of an OpenSSH known_hosts file, for editing (trust, forget, import, list).
 * Matching reuses the tunnel engine's parser (../known-hosts.ts) line by line, so what we edit
 * is exactly what a connection will later read. Lines we do not understand are kept untouched.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { keyTypeOf, sha256Fingerprint } from '../fingerprint';
import { hostPattern, parseKnownHosts } from '../known-hosts';

export interface KnownHostLine {
  raw: string;
  /** Absent for comments, blank and unparseable lines. */
  entry?: {
    marker?: '@revoked' | '@cert-authority';
    names: string;
    hashed: boolean;
    keyType: string;
    blob: Buffer;
    comment: string;
  };
}

export function parseKnownHostsLines(text: string): KnownHostLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines.map((raw) => {
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) return { raw };
    let fields = trimmed.split(/\s+/);
    let marker: '@revoked' | '@cert-authority' | undefined;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0];
      fields = fields.slice(1);
    } else if (fields[0]?.startsWith('@')) return { raw };
    const [names, keyType, data, ...rest] = fields;
    if (!names || !keyType || !data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return { raw };
    const blob = Buffer.from(data, 'base64');
    if (keyTypeOf(blob) !== keyType) return { raw };
    return {
      raw,
      entry: {
        marker,
        names,
        hashed: names.startsWith('|1|'),
        keyType,
        blob,
        comment: rest.join(' '),
      },
    };
  });
}

export async function readKnownHostsLines(file: string): Promise<KnownHostLine[]> {
  try {
    return parseKnownHostsLines(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** True when the line's host field covers host:port (plain, pattern or hashed). */
export function lineMatches(line: KnownHostLine, host: string, port: number): boolean {
  if (!line.entry || line.entry.marker === '@cert-authority') return false;
  // The engine's parser applies OpenSSH's rules (hashing, patterns, negation) to this one line.
  const probe = `${line.entry.names} ${line.entry.keyType} ${line.entry.blob.toString('base64')}`;
  return parseKnownHosts(probe, host, port).length > 0;
}

/** OpenSSH's HashKnownHosts form: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const digest = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${digest}`;
}

export function formatKnownHost(
  host: string,
  port: number,
  blob: Buffer,
  options: { hash?: boolean; comment?: string; revoked?: boolean } = {},
): string {
  const name = hostPattern(host, port);
  const field = options.hash ? hashHostName(name) : name;
  const parts = [
    options.revoked ? '@revoked' : '',
    field,
    keyTypeOf(blob),
    blob.toString('base64'),
    options.comment ?? '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** `host`, `host:port`, `[host]:port` or `[v6addr]:port` → host and port (22 by default). */
export function parseHostPort(text: string, defaultPort = 22): { host: string; port: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) return { host: bracket[1]!, port: bracket[2] ? Number(bracket[2]) : defaultPort };
  const colon = text.split(':');
  if (colon.length === 2 && /^\d+$/.test(colon[1]!))
    return { host: colon[0]!, port: Number(colon[1]) };
  return { host: text, port: defaultPort };
}

export function describeLine(line: KnownHostLine): string {
  const e = line.entry!;
  return `${e.hashed ? '(hashed)' : e.names} ${e.keyType} ${sha256Fingerprint(e.blob)}`;
}
