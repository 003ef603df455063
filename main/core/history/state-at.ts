import type { Instant } from './read';
import { iso, isOutage, profileSpans, type QueryOptions } from './spans';
import type { HistoryState, Span } from './timeline';

/**
 * "The job failed at 02:13 — was the tunnel down?": the state at an instant, why, since when
 * and for how long, and (when down) since when it had been down and for which causes.
 */
export interface StateAt {
  profile: string;
  at: string;
  state: HistoryState;
  cause?: string;
  detail?: string;
  /** When this state began; null: before the recorded history. */
  since: string | null;
  /** When it ended; absent: still so at the end of the history. */
  until?: string;
  /** How long it had been so at `at`; null with `since` null. */
  forMs: number | null;
  /** When `at` falls in an outage: since when the tunnel was down and why (first cause first). */
  outage?: { since: string; until?: string; cause?: string; causes: string[] };
}

/** The state at an instant and why; undefined when the profile has no history at all. */
export async function stateAt(
  dir: string,
  profile: string,
  instant: Instant,
  options: QueryOptions = {},
): Promise<StateAt | undefined> {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  let found: Span | undefined;
  let outage: { from: number; to?: number; causes: string[] } | undefined;
  let outageOver = false;
  const known = await profileSpans(
    dir,
    profile,
    (span) => {
      if (!found) {
        if (!isOutage(span.state)) outage = undefined;
        else {
          outage ??= { from: span.from, causes: [] };
          if (span.cause && !outage.causes.includes(span.cause)) outage.causes.push(span.cause);
        }
        if (span.from <= t && t < span.to) found = span;
      } else if (outage && !outageOver && !isOutage(span.state)) {
        outage.to = span.from;
        outageOver = true;
      }
    },
    options,
  );
  if (!known || !found) return undefined;
  const since = Number.isFinite(found.from) ? found.from : undefined;
  return {
    profile,
    at: iso(t),
    state: found.state,
    ...(found.cause ? { cause: found.cause } : {}),
    ...(found.detail ? { detail: found.detail } : {}),
    since: since === undefined ? null : iso(since),
    ...(Number.isFinite(found.to) ? { until: iso(found.to) } : {}),
    forMs: since === undefined ? null : t - since,
    ...(outage && isOutage(found.state)
      ? {
          outage: {
            since: iso(outage.from),
            ...(outage.to !== undefined ? { until: iso(outage.to) } : {}),
            ...(outage.causes[0] ? { cause: outage.causes[0] } : {}),
            causes: outage.causes,
          },
        }
      : {}),
  };
}
