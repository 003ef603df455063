/**
 * The bytes of a task export → text. What Windows writes:
 * - a task exported from Task Scheduler (and the files under C:\Windows\System32\Tasks) is
 *   UTF-16LE with a byte order mark, and says `encoding="UTF-16"`;
 * - `schtasks /query /xml` on a console writes the same declaration, but its output through a
 *   pipe is text in the console's code page (no BOM): ASCII for every name and path we look for,
 *   with any other character possibly wrong.
 * So the BOM decides, not the declaration: UTF-16LE (FF FE), UTF-16BE (FE FF) and UTF-8
 * (EF BB BF) are decoded as such; without a BOM, UTF-16LE is recognised by its zero bytes, UTF-8
 * when the bytes are valid UTF-8, and anything else is read byte for byte (Latin-1) so that the
 * ASCII that matters survives. A BOM that does not fit what follows (a UTF-16 BOM before UTF-8
 * text, a UTF-32 BOM) is an error: the file was damaged or converted wrongly, and guessing would
 * read garbage.
 */
export class XmlBytesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlBytesError';
  }
}

export type XmlEncoding = 'utf-16le' | 'utf-16be' | 'utf-8' | 'latin1';

export function decodeXmlBytes(bytes: Uint8Array): { text: string; encoding: XmlEncoding } {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length === 0) throw new XmlBytesError('the input is empty');
  if (b.length >= 4 && b.readUInt32BE(0) === 0x0000feff)
    throw new XmlBytesError(
      'the input starts with a UTF-32 big-endian byte order mark; Task Scheduler writes UTF-16LE or UTF-8',
    );
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0)
    throw new XmlBytesError(
      'the input starts with a UTF-32 little-endian byte order mark; Task Scheduler writes UTF-16LE or UTF-8',
    );
  if (b[0] === 0xff && b[1] === 0xfe)
    return checked(utf16(b.subarray(2), 'le'), 'utf-16le', 'UTF-16LE');
  if (b[0] === 0xfe && b[1] === 0xff)
    return checked(utf16(b.subarray(2), 'be'), 'utf-16be', 'UTF-16BE');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return checked(b.subarray(3).toString('utf8'), 'utf-8', 'UTF-8');
  if (looksLikeUtf16le(b)) return checked(utf16(b, 'le'), 'utf-16le', 'UTF-16LE');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    return { text: b.toString('latin1'), encoding: 'latin1' };
  }
}

function utf16(b: Buffer, order: 'le' | 'be'): string {
  if (b.length % 2 !== 0)
    throw new XmlBytesError(
      `the UTF-16 text has an odd number of bytes (${b.length}): it was cut short or is not UTF-16`,
    );
  if (order === 'le') return b.toString('utf16le');
  const swapped = Buffer.from(b);
  swapped.swap16();
  return swapped.toString('utf16le');
}

/** XML starts with `<` (after white space): anything else means the BOM lied. */
function checked(
  text: string,
  encoding: XmlEncoding,
  label: string,
): { text: string; encoding: XmlEncoding } {
  const first = /\S/.exec(text)?.[0];
  if (first !== '<')
    throw new XmlBytesError(
      `the input has a ${label} byte order mark, but what follows is not ${label} XML (it does not start with "<"): the file was converted or cut wrongly`,
    );
  return { text, encoding };
}

/** UTF-16LE without a BOM: XML starts with ASCII, so every second byte is zero. */
function looksLikeUtf16le(b: Buffer): boolean {
  if (b.length < 4 || b.length % 2 !== 0) return false;
  const n = Math.min(b.length, 200);
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (b[i] === 0) zeros++;
  return b[0] !== 0 && zeros >= (n / 2) * 0.9;
}
