import type { HistoryEntry } from './entry';
import { scanSegment } from './scan';
import { listSegments } from './segments';

/**
 * Reads the history files directly (with or without a running engine; a line being appended
 * right now is a torn last line and skipped). Damage is never fatal: unreadable lines are
 * skipped and reported through `onWarning`, as are the damaged files the engine set aside.
 */
export interface ReadOptions {
  onWarning?: (message: string) => void;
}

export type Instant = Date | number;
const ms = (t: Instant) => (typeof t === 'number' ? t : t.getTime());

/** Every entry, oldest first; segments ending before `from` (epoch ms) are not opened. */
export async function scanHistory(
  dir: string,
  onEntry: (entry: HistoryEntry) => void,
  options: ReadOptions & { from?: number; until?: number } = {},
): Promise<void> {
  const warn = options.onWarning ?? (() => undefined);
  const { segments, aside } = await listSegments(dir);
  for (const file of aside)
    warn(`a damaged history file was kept aside: ${file} (delete it once looked at)`);
  for (const [i, segment] of segments.entries()) {
    const next = segments[i + 1];
    if (options.from !== undefined && next && next.start < options.from) continue;
    if (options.until !== undefined && segment.start > options.until) break;
    const scan = await scanSegment(segment.file, onEntry).catch((error: Error) => {
      warn(`history file ${segment.file} not read: ${error.message}`);
      return undefined;
    });
    if (scan?.bad.length)
      warn(
        `history file ${segment.file} is damaged: ${scan.bad.length} unreadable line(s) from line ${scan.bad[0]} skipped (the engine sets it aside at its next start)`,
      );
  }
}

export interface ReadHistoryOptions extends ReadOptions {
  /** Only this profile's state entries (engine markers are kept: they say when nobody watched). */
  profile?: string;
  since?: Instant;
  until?: Instant;
  /** Include `engine-alive` heartbeats (default: no, they are not changes). */
  heartbeats?: boolean;
}

/** The entries in order, filtered. */
export async function readHistory(
  dir: string,
  options: ReadHistoryOptions = {},
): Promise<HistoryEntry[]> {
  const since = options.since === undefined ? -Infinity : ms(options.since);
  const until = options.until === undefined ? Infinity : ms(options.until);
  const out: HistoryEntry[] = [];
  await scanHistory(
    dir,
    (e) => {
      if (e.type === 'engine-alive' && !options.heartbeats) return;
      if (e.type === 'state' && options.profile !== undefined && e.profile !== options.profile)
        return;
      const t = Date.parse(e.ts);
      if (t >= since && t <= until) out.push(e);
    },
    {
      ...options,
      from: Number.isFinite(since) ? since : undefined,
      until: Number.isFinite(until) ? until : undefined,
    },
  );
  return out;
}

/** The profiles with any history, sorted. */
export async function historyProfiles(dir: string, options: ReadOptions = {}): Promise<string[]> {
  const ids = new Set<string>();
  await scanHistory(
    dir,
    (e) => (e.type === 'state' ? void ids.add(e.profile) : undefined),
    options,
  );
  return [...ids].sort();
}
