/** RFC 4716 ("SSH2") public key blocks, as `puttygen -p` and `ssh-keygen -e` write them. */
import { KeyError } from './errors';
import { parsePublicBlob, type PublicKey } from './model';
import { decodeBase64, finishText, wrap } from './text';

const BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----';
const END = '---- END SSH2 PUBLIC KEY ----';

export function isRfc4716(text: string): boolean {
  return text.includes(BEGIN);
}

export function readRfc4716(text: string): PublicKey {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END, start);
  if (start < 0) throw new KeyError('key-unreadable', 'not an RFC 4716 public key');
  if (end < 0)
    throw new KeyError('key-unreadable', 'RFC 4716 public key is truncated (no END line)');
  const lines = text.slice(start + BEGIN.length, end).split('\n');
  let comment = '';
  const body: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    const header = /^([\x21-\x39\x3b-\x7e]{1,64}):\s?(.*)$/.exec(line);
    if (header && body.length === 0) {
      let value = header[2]!;
      // A header continues on the next line when it ends in a backslash (RFC 4716 §3.3).
      while (value.endsWith('\\') && i + 1 < lines.length)
        value = value.slice(0, -1) + lines[++i]!.trim();
      if (header[1]!.toLowerCase() === 'comment') comment = value.replace(/^"(.*)"$/, '$1');
      continue;
    }
    line = line.replace(/\s+/g, '');
    if (line) body.push(line);
  }
  const blob = decodeBase64(body.join(''), 'RFC 4716 public key');
  const { type } = parsePublicBlob(blob);
  return { type, blob, comment };
}

export function writeRfc4716(key: PublicKey): string {
  const lines = [BEGIN];
  if (key.comment) {
    const quoted = `Comment: "${key.comment.replace(/[\r\n"]+/g, ' ')}"`;
    // Header lines are limited to 72 bytes; longer ones continue after a backslash.
    const chunks = wrap(quoted, 70);
    chunks.forEach((c, i) => lines.push(i < chunks.length - 1 ? `${c}\\` : c));
  }
  lines.push(...wrap(key.blob.toString('base64'), 70), END);
  return finishText(lines);
}
