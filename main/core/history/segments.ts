import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The history is a folder of segments, each named by the UTC time of its first line
 * (`2025-03-01T02-11-40.123Z.jsonl`, `…Z.1.jsonl` when two start in the same millisecond), so
 * the folder's order is the history's order and the oldest segment is the first to go. A
 * damaged segment is renamed `<name>.corrupt-<stamp>` and kept for the user to look at.
 */
export interface Segment {
  name: string;
  file: string;
  /** Epoch ms of its first line (a lower bound for every line in it). */
  start: number;
  seq: number;
}

const SEGMENT = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})\.(\d{3})Z(?:\.(\d+))?\.jsonl$/;
const ASIDE = /\.jsonl\.corrupt-[^/\\]+$/;

/** File-name-safe (no ':' on Windows) and fixed-width ISO time. */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-');
}

export function segmentName(startMs: number, seq = 0): string {
  return `${stamp(startMs)}${seq ? `.${seq}` : ''}.jsonl`;
}

export function parseSegmentName(name: string): { start: number; seq: number } | undefined {
  const m = SEGMENT.exec(name);
  if (!m) return undefined;
  const start = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isNaN(start) ? undefined : { start, seq: Number(m[6] ?? 0) };
}

export function isAside(name: string): boolean {
  return ASIDE.test(name);
}

/** The segments, oldest first, and the damaged files kept aside. A missing folder is empty. */
export async function listSegments(dir: string): Promise<{ segments: Segment[]; aside: string[] }> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { segments: [], aside: [] };
    throw error;
  }
  const segments: Segment[] = [];
  const aside: string[] = [];
  for (const name of names) {
    const parsed = parseSegmentName(name);
    if (parsed) segments.push({ name, file: path.join(dir, name), ...parsed });
    else if (isAside(name)) aside.push(path.join(dir, name));
  }
  segments.sort((a, b) => a.start - b.start || a.seq - b.seq);
  return { segments, aside: aside.sort() };
}
