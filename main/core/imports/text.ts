import { ImportError } from './types';

/**
 * Turns the bytes of an input file into text. Windows tools write UTF-16LE with a BOM (regedit,
 * PowerShell's `>`), editors write UTF-8 with or without a BOM; CRLF is normalised to LF.
 */
export function decodeText(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) text = b.subarray(2).toString('utf16le');
  else if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const swapped = Buffer.from(b.subarray(2));
    swapped.swap16();
    text = swapped.toString('utf16le');
  } else if (looksLikeUtf16le(b)) text = b.toString('utf16le');
  else text = b.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\u0000'))
    throw new ImportError('the input is binary data, not a text file', 'binary-input');
  return normaliseNewlines(text);
}

/** UTF-16LE without a BOM: every second byte of ASCII text is zero. */
function looksLikeUtf16le(b: Buffer): boolean {
  if (b.length < 4 || b.length % 2 !== 0) return false;
  const n = Math.min(b.length, 200);
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (b[i] === 0) zeros++;
  return zeros >= (n / 2) * 0.9 && b[0] !== 0;
}

export function normaliseNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Joins physical lines that end in a continuation character into logical lines, keeping the
 * 1-based number of the first physical line for messages.
 */
export function logicalLines(
  text: string,
  continues: (line: string) => string | undefined,
): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let current = lines[i] ?? '';
    let head = continues(current);
    while (head !== undefined && i + 1 < lines.length) {
      i++;
      current = head + (lines[i] ?? '');
      head = continues(current);
    }
    if (head !== undefined) current = head;
    out.push({ text: current, line: start });
  }
  return out;
}
