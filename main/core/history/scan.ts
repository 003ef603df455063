import { parseEntry, type HistoryEntry } from './entry';
import { readLines } from './lines';

/**
 * Reads one segment, handing each good entry to `onEntry`, and says what is wrong with it.
 * A torn last line (a crash mid-append: unterminated, starts like an entry) is skipped and is
 * not damage; any other unreadable line is, and the file's readable entries are still used.
 */
export interface SegmentScan {
  entries: number;
  /** Line numbers that are not history lines. */
  bad: number[];
  /** The last line has no `\n`: never append after it. */
  unterminated: boolean;
}

export async function scanSegment(
  file: string,
  onEntry: (entry: HistoryEntry) => void,
): Promise<SegmentScan> {
  const result: SegmentScan = { entries: 0, bad: [], unterminated: false };
  for await (const line of readLines(file)) {
    if (!line.terminated) result.unterminated = true;
    if (line.text.trim() === '' && !line.overlong) continue;
    const parsed = line.overlong ? ({ ok: false, why: 'bad' } as const) : parseEntry(line.text);
    if (parsed.ok) {
      result.entries++;
      onEntry(parsed.entry);
    } else if (parsed.why === 'bad' && !(isTorn(line.text) && !line.terminated)) {
      result.bad.push(line.number);
    }
  }
  return result;
}

/** What an interrupted append of `{"type":…}\n` looks like. */
function isTorn(text: string): boolean {
  return text.startsWith('{');
}
