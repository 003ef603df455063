import { promises as fs } from 'node:fs';
import path from 'node:path';
import { retryWhileBusy, writeFileAtomic } from '../fs/write-atomic';
import { encodeEntry, type HistoryEntry } from './entry';
import { DEFAULT_LIMITS, pruneHistory, type PruneLimits } from './prune';
import { scanSegment } from './scan';
import { listSegments, segmentName, stamp, type Segment } from './segments';

/**
 * Appends history entries to the newest segment: one small appendFile per entry (a crash loses
 * at most the line being written, which readers skip), serialised so lines never interleave,
 * and never throwing into the engine — a full disk loses history, not tunnels. A segment ends
 * at `segmentBytes` or at a new UTC day; starting one applies the limits (prune.ts).
 */
export interface HistoryWriterOptions extends Partial<PruneLimits> {
  dir: string;
  log?: (message: string) => void;
  /** Default: a tenth of maxTotalBytes, at most 4 MiB (so pruning frees space in steps). */
  segmentBytes?: number;
  now?: () => number;
}

/** Entries waiting for the disk beyond this are dropped (and counted): memory stays bounded. */
const MAX_PENDING = 10_000;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Current {
  name: string;
  file: string;
  start: number;
  size: number;
}

export class HistoryWriter {
  private readonly limits: PruneLimits;
  private readonly segmentBytes: number;
  private readonly now: () => number;
  private chain: Promise<void>;
  private current: Current | undefined;
  private pending = 0;
  private dropped = 0;
  private lastProblem = '';

  constructor(private readonly options: HistoryWriterOptions) {
    this.limits = {
      maxAgeMs: options.maxAgeMs ?? DEFAULT_LIMITS.maxAgeMs,
      maxTotalBytes: options.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
    };
    this.segmentBytes = Math.max(
      1,
      Math.min(
        options.segmentBytes ?? Math.min(4 * 1024 * 1024, this.limits.maxTotalBytes / 10),
        // A segment larger than half the cap could leave nothing but itself after pruning.
        this.limits.maxTotalBytes / 2,
      ),
    );
    this.now = options.now ?? Date.now;
    this.chain = this.guard('history not opened', () => this.open());
  }

  append(entry: HistoryEntry): void {
    if (this.pending >= MAX_PENDING) {
      if (this.dropped++ === 0) this.say('history: the disk does not keep up; entries dropped');
      return;
    }
    this.pending++;
    this.chain = this.chain
      .then(() => this.guard('history entry not written', () => this.write(entry)))
      .finally(() => this.pending--);
  }

  /** Resolves when everything appended so far is on disk (or given up on). */
  async flush(): Promise<void> {
    await this.chain;
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.dropped)
      this.say(`history: ${this.dropped} entries dropped (the disk did not keep up)`);
  }

  /** Repairs damaged segments, then continues the newest one if it can take more lines. */
  private async open(): Promise<void> {
    const { dir } = this.options;
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const { segments } = await listSegments(dir);
    let last: { segment: Segment; clean: boolean } | undefined;
    for (const segment of segments) {
      const scan = await scanSegment(segment.file, () => undefined);
      // One file that cannot be set aside must not keep the others from being checked.
      if (scan.bad.length)
        await this.guard('history file not set aside', () => this.setAside(segment, scan.bad[0]!));
      last = { segment, clean: scan.bad.length === 0 && !scan.unterminated };
    }
    if (last?.clean && dayOf(last.segment.start) === dayOf(this.now())) {
      const size = (await fs.stat(last.segment.file)).size;
      if (size < this.segmentBytes) this.current = { ...last.segment, size };
    }
    await this.prune();
  }

  /**
   * A damaged segment is renamed `*.corrupt-<stamp>` for the user to look at, and a new file
   * under its name holds the lines that still read, so the history stays as complete as it can.
   */
  private async setAside(segment: Segment, firstBad: number): Promise<void> {
    const aside = `${segment.file}.corrupt-${stamp(this.now())}`;
    // Windows: a reader (the CLI) may hold it open for a moment.
    await retryWhileBusy(() => fs.rename(segment.file, aside));
    const good: string[] = [];
    await scanSegment(aside, (e) => good.push(encodeEntry(e)));
    if (good.length) await writeFileAtomic(segment.file, good.join(''));
    this.say(
      `history file ${segment.file} is damaged (line ${firstBad} unreadable): kept aside as ${path.basename(aside)}; ${good.length} readable entries kept`,
    );
  }

  private async write(entry: HistoryEntry): Promise<void> {
    const ts = Date.parse(entry.ts);
    const at = Number.isNaN(ts) ? this.now() : ts;
    const line = encodeEntry(entry);
    const bytes = Buffer.byteLength(line);
    const cur = this.current;
    if (
      !cur ||
      dayOf(at) > dayOf(cur.start) ||
      (cur.size > 0 && cur.size + bytes > this.segmentBytes)
    )
      await this.rotate(at);
    const target = this.current!;
    try {
      await fs.appendFile(target.file, line, { flag: 'a', mode: 0o600 });
    } catch (error) {
      // Start afresh next time (the folder may have been removed; a new segment recreates it).
      this.current = undefined;
      throw error;
    }
    target.size += bytes;
  }

  private async rotate(at: number): Promise<void> {
    const { dir } = this.options;
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Never before the segment it follows: the folder's order is the history's order.
    const start = Math.max(at, this.current?.start ?? -Infinity);
    let seq = 0;
    while (await exists(path.join(dir, segmentName(start, seq)))) seq++;
    const name = segmentName(start, seq);
    this.current = { name, file: path.join(dir, name), start, size: 0 };
    await this.guard('history not pruned', () => this.prune());
  }

  private async prune(): Promise<void> {
    const { removed, trimmed } = await pruneHistory(this.options.dir, this.limits, {
      now: this.now(),
      keep: this.current?.name,
      reserve: this.current ? this.segmentBytes - this.current.size : 0,
    });
    if (removed.length || trimmed.length)
      this.say(
        `history: ${removed.length} old file(s) removed, ${trimmed.length} trimmed (limits: ${Math.round(this.limits.maxAgeMs / 86_400_000)} days, ${this.limits.maxTotalBytes} bytes)`,
      );
  }

  /** Runs a step; a failure is told once (not per event while the disk stays full). */
  private async guard(what: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
      this.lastProblem = '';
    } catch (error) {
      const message = `${what}: ${(error as Error).message}`;
      if (message !== this.lastProblem) this.say(message);
      this.lastProblem = message;
    }
  }

  private say(message: string): void {
    this.options.log?.(message);
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
