import type { TunnelStateName } from '../../../contract/tunnel-state';
import { DEFAULT_HEARTBEAT_MS, type HistoryEntry } from './entry';

/**
 * Folds history entries (oldest first) into one profile's spans: maximal periods in one state
 * with one cause. `not-monitored` covers whatever no engine watched: before the first entry,
 * between `engine-stop` and the next `engine-start`, after a run went silent (a crash: the run
 * ends at its last line), and a run's time before it reported this profile at all.
 */
export type HistoryState = TunnelStateName | 'not-monitored';

export interface Span {
  /** Epoch ms; -Infinity for the span before the history begins. */
  from: number;
  /** Epoch ms; Infinity for the last span (it lasts as far as the history knows). */
  to: number;
  state: HistoryState;
  cause?: string;
  detail?: string;
}

/** A run silent for this many heartbeats is taken as dead (crashed, killed, machine off). */
const SILENT_HEARTBEATS = 3;

export class Timeline {
  private current: Omit<Span, 'to'> = { from: -Infinity, state: 'not-monitored' };
  private clock = -Infinity;
  private run: { lastSeen: number; heartbeatMs: number } | undefined;
  private seen = false;
  /** Held back one step, to join it with an equal neighbour left by a dropped zero-length span. */
  private held: Span | undefined;

  constructor(
    readonly profile: string,
    private readonly output: (span: Span) => void,
  ) {}

  /** Whether any entry of this profile was seen. */
  get known(): boolean {
    return this.seen;
  }

  add(entry: HistoryEntry): void {
    // A clock stepped back (NTP) must not reorder the past: time only moves forward here.
    this.clock = Math.max(this.clock, Date.parse(entry.ts));
    const at = this.clock;
    switch (entry.type) {
      case 'engine-start':
        this.endRun(this.run?.lastSeen ?? at);
        this.run = { lastSeen: at, heartbeatMs: entry.heartbeatMs || DEFAULT_HEARTBEAT_MS };
        return;
      case 'engine-stop':
        this.endRun(at);
        return;
      case 'engine-alive':
        this.seenAt(at);
        return;
      case 'state':
        this.seenAt(at);
        if (entry.profile !== this.profile) return;
        this.seen = true;
        this.enter(at, entry.state, entry.cause, entry.detail);
    }
  }

  /** Ends the fold at `now`: a run still writing is watching now; a silent one is not. */
  finish(now: number): void {
    const run = this.run;
    if (run && now - run.lastSeen > SILENT_HEARTBEATS * run.heartbeatMs) this.endRun(run.lastSeen);
    this.emit({ ...this.current, to: Infinity });
    if (this.held) this.output(this.held);
    this.held = undefined;
  }

  /** Lines before any engine-start (pruned away) still come from a running engine. */
  private seenAt(at: number): void {
    if (this.run) this.run.lastSeen = at;
    else this.run = { lastSeen: at, heartbeatMs: DEFAULT_HEARTBEAT_MS };
  }

  private emit(span: Span): void {
    const h = this.held;
    if (h && h.state === span.state && h.cause === span.cause && h.to === span.from) {
      h.to = span.to;
      return;
    }
    if (h) this.output(h);
    this.held = span;
  }

  private endRun(at: number): void {
    if (!this.run) return;
    this.run = undefined;
    this.enter(at, 'not-monitored');
  }

  private enter(at: number, state: HistoryState, cause?: string, detail?: string): void {
    const c = this.current;
    if (c.state === state && c.cause === cause) return;
    // Zero-length spans (a snapshot then the same-instant event) show nothing: dropped.
    if (at > c.from) this.emit({ ...c, to: at });
    this.current = { from: at, state, ...(cause ? { cause } : {}), ...(detail ? { detail } : {}) };
  }
}
