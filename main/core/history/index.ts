/**
 * The availability history (issue 18): the engine appends every state change (attachHistory),
 * anyone reads it back from the files (readHistory, stateAt, availability), engine or not.
 */
export { attachHistory, type AttachHistoryOptions, type HistoryEngine } from './attach';
export { historyDir, type HistoryEntry, type StateEntry } from './entry';
export { historyProfiles, readHistory, type Instant, type ReadHistoryOptions } from './read';
export {
  availability,
  availabilityOf,
  type Availability,
  type AvailabilitySegment,
  type Outage,
} from './availability';
export { stateAt, type StateAt } from './state-at';
export type { QueryOptions } from './spans';
export type { HistoryState, Span } from './timeline';
export { parseAt, parseIsoTime, parseSince } from './time-input';
