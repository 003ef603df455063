import { open } from 'node:fs/promises';
import path from 'node:path';
import { redact } from '../logging/redact';

/** How much of a tunnel's log support gets: the tail, enough for the last few reconnects. */
const TAIL_BYTES = 256 * 1024;

/**
 * The newest lines of the log `up` keeps for this profile (`<logDir>/<id>.log`, named as
 * TunnelLog names it), scrubbed again. Missing log → empty: the bundle is still worth sending.
 */
export async function readRecentLog(
  logDir: string,
  profileId: string,
  secrets: readonly string[] = [],
  maxLines = 500,
): Promise<string[]> {
  const file = path.join(logDir, `${profileId.replace(/[^A-Za-z0-9._-]/g, '_')}.log`);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split(/\r?\n/);
    if (start > 0) lines.shift(); // the first line is cut
    return lines
      .filter((line) => line.length > 0)
      .slice(-maxLines)
      .map((line) => redact(line, secrets));
  } finally {
    await handle.close();
  }
}
