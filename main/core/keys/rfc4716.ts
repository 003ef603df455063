/** RFC 4716 ("SSH2") public key blocks, as `puttygen -p` and `ssh-keygen -e` write them. */
import { readArmour } from './armour';
import { parsePublicBlob, type PublicKey } from './model';
import { finishText, wrap } from './text';

const BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----';
const END = '---- END SSH2 PUBLIC KEY ----';

export function isRfc4716(text: string): boolean {
  return text.includes(BEGIN);
}

export function readRfc4716(text: string): PublicKey {
  const { comment, body: blob } = readArmour(text, BEGIN, END, 'RFC 4716 public key');
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
