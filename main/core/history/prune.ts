import { promises as fs } from 'node:fs';
import path from 'node:path';
import { retryWhileBusy, writeFileAtomic } from '../fs/write-atomic';
import { encodeEntry, type HistoryEntry } from './entry';
import { listSegments } from './segments';
import { scanSegment } from './scan';

/**
 * The history's limits, applied when a segment starts (at least daily, see writer.ts): entries
 * older than `maxAgeMs` go, then the oldest files go until the folder fits in `maxTotalBytes`.
 * The segment being written (`keep`) is never touched.
 */
export interface PruneLimits {
  maxAgeMs: number;
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: PruneLimits = {
  maxAgeMs: 90 * 24 * 3600_000,
  maxTotalBytes: 50 * 1024 * 1024,
};

export async function pruneHistory(
  dir: string,
  limits: PruneLimits,
  /** `reserve`: room left for the segment being written to grow into (the cap is a real bound). */
  options: { now: number; keep?: string; reserve?: number },
): Promise<{ removed: string[]; trimmed: string[] }> {
  const cutoff = options.now - limits.maxAgeMs;
  const removed: string[] = [];
  const trimmed: string[] = [];
  const remove = async (file: string) => {
    await retryWhileBusy(() => fs.rm(file, { force: true }));
    removed.push(file);
  };
  const listed = await listSegments(dir);
  const { aside } = listed;
  let segments = listed.segments.filter((s) => s.name !== options.keep);

  // Whole segments: every line of one is older than the next one's start.
  const next = (i: number) => segments[i + 1]?.start ?? Infinity;
  const old = segments.filter((_, i) => next(i) <= cutoff);
  for (const s of old) await remove(s.file);
  segments = segments.slice(old.length);

  // The one segment that straddles the cutoff keeps only its recent lines.
  const first = segments[0];
  if (first && first.start < cutoff) {
    const kept: HistoryEntry[] = [];
    await scanSegment(first.file, (e) => {
      if (Date.parse(e.ts) >= cutoff) kept.push(e);
    });
    if (kept.length === 0) {
      await remove(first.file);
      segments.shift();
    } else {
      await writeFileAtomic(first.file, kept.map(encodeEntry).join(''));
      trimmed.push(first.file);
    }
  }

  // Damaged files kept aside expire like history does.
  const asideFiles: { file: string; size: number; mtime: number }[] = [];
  for (const file of aside) {
    const st = await fs.stat(file).catch(() => undefined);
    if (!st) continue;
    if (st.mtimeMs < cutoff) await remove(file);
    else asideFiles.push({ file, size: st.size, mtime: st.mtimeMs });
  }

  // The size cap: the files set aside go first (least useful), then the oldest segments.
  const sized: { file: string; size: number }[] = [];
  for (const s of segments) {
    const st = await fs.stat(s.file).catch(() => undefined);
    if (st) sized.push({ file: s.file, size: st.size });
  }
  const keepSize = options.keep
    ? ((await fs.stat(path.join(dir, options.keep)).catch(() => undefined))?.size ?? 0)
    : 0;
  let total = keepSize + [...asideFiles, ...sized].reduce((sum, f) => sum + f.size, 0);
  const victims = [...asideFiles.sort((a, b) => a.mtime - b.mtime), ...sized];
  for (const v of victims) {
    if (total + (options.reserve ?? 0) <= limits.maxTotalBytes) break;
    await remove(v.file);
    total -= v.size;
  }
  return { removed, trimmed };
}
