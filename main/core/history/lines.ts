import { createReadStream } from 'node:fs';

/**
 * The lines of a file, streamed (memory stays bounded whatever the file's size), each with
 * whether its `\n` made it to disk: an unterminated last line is what a crash mid-append leaves.
 */
export interface Line {
  /** 1-based. */
  number: number;
  text: string;
  terminated: boolean;
  /** Longer than any line the writer makes: the bytes are not history lines. */
  overlong: boolean;
}

/** No real line comes near this (details are capped); garbage without newlines is cut here. */
const MAX_LINE = 64 * 1024;

export async function* readLines(file: string): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overlong = false;
  let number = 0;
  const take = (terminated: boolean): Line => {
    const text = Buffer.concat(pending).toString('utf8').replace(/\r$/, '');
    const line = { number: ++number, text, terminated, overlong };
    pending = [];
    pendingBytes = 0;
    overlong = false;
    return line;
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let at = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, at);
      const piece = chunk.subarray(at, nl < 0 ? chunk.length : nl);
      if (!overlong) {
        if (pendingBytes + piece.length > MAX_LINE) {
          overlong = true;
          pending = [];
          pendingBytes = 0;
        } else {
          pending.push(piece);
          pendingBytes += piece.length;
        }
      }
      if (nl < 0) break;
      yield take(true);
      at = nl + 1;
    }
  }
  if (pendingBytes > 0 || overlong) yield take(false);
}
