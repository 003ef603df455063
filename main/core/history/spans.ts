import type { TunnelStateName } from '../../../contract/tunnel-state';
import { scanHistory, type ReadOptions } from './read';
import { Timeline, type HistoryState, type Span } from './timeline';

/** What the queries share: one profile's spans, streamed from the files (memory stays bounded). */
export interface QueryOptions extends ReadOptions {
  /** The present (tests fix it): decides whether the last run is still watching. */
  now?: number;
}

/** Down while watched: everything but connected (degraded too: some forward is not there). */
export const isOutage = (s: HistoryState): s is Exclude<TunnelStateName, 'connected'> =>
  s !== 'connected' && s !== 'not-monitored';

export const iso = (t: number) => new Date(t).toISOString();

/** Hands each span to `onSpan`, oldest first; false when the profile has no history at all. */
export async function profileSpans(
  dir: string,
  profile: string,
  onSpan: (span: Span) => void,
  options: QueryOptions,
): Promise<boolean> {
  const timeline = new Timeline(profile, onSpan);
  await scanHistory(dir, (e) => timeline.add(e), options);
  timeline.finish(options.now ?? Date.now());
  return timeline.known;
}
