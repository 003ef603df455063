import type { TunnelStateName } from '../../../contract/tunnel-state';
import type { Instant } from './read';
import { iso, isOutage, profileSpans, type QueryOptions } from './spans';
import type { HistoryState, Span } from './timeline';

/**
 * "How available was it over the last 24 h / 7 days?": the segments a strip draws (every
 * instant of the period in exactly one, not-monitored included), the uptime over the time an
 * engine watched, and the outages.
 */
const ms = (t: Instant) => (typeof t === 'number' ? t : t.getTime());

/** One stretch of the strip: from/to inside the asked period. */
export interface AvailabilitySegment {
  from: string;
  to: string;
  durationMs: number;
  state: HistoryState;
  cause?: string;
  detail?: string;
}

/** A period not connected while watched (an engine-down gap ends it). */
export interface Outage {
  from: string;
  to: string;
  durationMs: number;
  /** What took it down; `causes`: every distinct cause during it, in order. */
  cause?: string;
  causes: string[];
  states: TunnelStateName[];
  /** Not over at the end of the period. */
  ongoing: boolean;
}

export interface Availability {
  profile: string;
  from: string;
  /** The asked end, or now if that is earlier (the future is not counted). */
  to: string;
  segments: AvailabilitySegment[];
  monitoredMs: number;
  connectedMs: number;
  notMonitoredMs: number;
  /** connectedMs / monitoredMs in %, 3 decimals; null when nothing was watched. */
  uptimePercent: number | null;
  outages: Outage[];
}

export async function availability(
  dir: string,
  profile: string,
  from: Instant,
  to: Instant,
  options: QueryOptions = {},
): Promise<Availability> {
  const now = options.now ?? Date.now();
  const start = ms(from);
  const end = Math.max(start, Math.min(ms(to), now));
  const inside: Span[] = [];
  await profileSpans(
    dir,
    profile,
    (s) => {
      if (s.to > start && s.from < end) inside.push(s);
    },
    { ...options, now },
  );
  return availabilityOf(profile, inside, start, end);
}

/** The report for spans (oldest first) over [start, end): pure, for any source of spans. */
export function availabilityOf(
  profile: string,
  spans: readonly Span[],
  start: number,
  end: number,
): Availability {
  const segments: AvailabilitySegment[] = [];
  const outages: Outage[] = [];
  let monitoredMs = 0;
  let connectedMs = 0;
  let open: { from: number; to: number; causes: string[]; states: TunnelStateName[] } | undefined;
  const closeOutage = (ongoing: boolean) => {
    if (!open) return;
    outages.push({
      from: iso(open.from),
      to: iso(open.to),
      durationMs: open.to - open.from,
      ...(open.causes[0] ? { cause: open.causes[0] } : {}),
      causes: open.causes,
      states: open.states,
      ongoing,
    });
    open = undefined;
  };
  for (const s of spans) {
    const from = Math.max(s.from, start);
    const to = Math.min(s.to, end);
    if (to <= from) continue;
    const durationMs = to - from;
    segments.push({
      from: iso(from),
      to: iso(to),
      durationMs,
      state: s.state,
      ...(s.cause ? { cause: s.cause } : {}),
      ...(s.detail ? { detail: s.detail } : {}),
    });
    if (s.state !== 'not-monitored') monitoredMs += durationMs;
    if (s.state === 'connected') connectedMs += durationMs;
    if (isOutage(s.state)) {
      open ??= { from, to, causes: [], states: [] };
      open.to = to;
      if (s.cause && !open.causes.includes(s.cause)) open.causes.push(s.cause);
      if (!open.states.includes(s.state)) open.states.push(s.state);
      if (s.to > end) closeOutage(true);
    } else closeOutage(false);
  }
  closeOutage(false);
  return {
    profile,
    from: iso(start),
    to: iso(end),
    segments,
    monitoredMs,
    connectedMs,
    notMonitoredMs: end - start - monitoredMs,
    uptimePercent:
      monitoredMs > 0 ? Math.round((connectedMs / monitoredMs) * 100_000) / 1000 : null,
    outages,
  };
}
