/**
 * The "---- BEGIN … ----" armour of RFC 4716 §3, shared by SSH2 public keys and ssh.com
 * private keys: header lines (`Name: value`, continued by a trailing backslash) before a
 * base64 body.
 */
import { KeyError } from './errors';
import { decodeBase64 } from './text';

export interface Armoured {
  comment: string;
  body: Buffer;
}

const HEADER = /^([\x21-\x39\x3b-\x7e]{1,64}):\s?(.*)$/;

export function readArmour(text: string, begin: string, end: string, what: string): Armoured {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end, start);
  if (start < 0) throw new KeyError('key-unreadable', `not an ${what}`);
  if (stop < 0) throw new KeyError('key-unreadable', `${what} is truncated (no END line)`);
  const lines = text.slice(start + begin.length, stop).split('\n');
  let comment = '';
  const body: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const header = HEADER.exec(line);
    if (header && body.length === 0) {
      let value = header[2]!;
      while (value.endsWith('\\') && i + 1 < lines.length)
        value = value.slice(0, -1) + lines[++i]!.trim();
      if (header[1]!.toLowerCase() === 'comment') comment = value.replace(/^"(.*)"$/, '$1');
      continue;
    }
    const compact = line.replace(/\s+/g, '');
    if (compact) body.push(compact);
  }
  return { comment, body: decodeBase64(body.join(''), what) };
}
