import { TUNNEL_STATES, type TunnelStateName } from '../../../contract/tunnel-state';
import type { Cause } from '../causes';
import type { TunnelEvent } from '../tunnels/events';
import { DEFAULT_HEARTBEAT_MS, type StateEntry } from './entry';
import { HistoryWriter, type HistoryWriterOptions } from './writer';

/**
 * Keeps the engine's availability history: every state event, plus what readers need to tell
 * "down" from "not watched" — an `engine-start` marker with the state of every tunnel at that
 * moment, `engine-alive` when idle (so a crash leaves at most one heartbeat unknown), and
 * `engine-stop` on close. Call close() after the engine closed, so the tunnels' final
 * `stopped` lands before the marker.
 */
export interface HistoryEngine {
  onEvent(listener: (event: TunnelEvent) => void): () => void;
  list(): { profile: string; state: string; cause?: string; detail?: string }[];
}

export interface AttachHistoryOptions extends Omit<HistoryWriterOptions, 'dir'> {
  /** The history folder: historyDir(dataDir). */
  dir: string;
  /** Default 5 min. */
  heartbeatMs?: number;
}

const STATES: readonly string[] = TUNNEL_STATES;

export function attachHistory(
  engine: HistoryEngine,
  options: AttachHistoryOptions,
): { close(): Promise<void> } {
  const now = options.now ?? Date.now;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const writer = new HistoryWriter(options);
  let wroteSinceTick = false;
  const append: HistoryWriter['append'] = (entry) => {
    wroteSinceTick = true;
    writer.append(entry);
  };

  const ts = new Date(now()).toISOString();
  append({ type: 'engine-start', ts, pid: process.pid, heartbeatMs });
  for (const t of engine.list()) {
    if (!STATES.includes(t.state)) continue;
    const entry: StateEntry = {
      type: 'state',
      ts,
      profile: t.profile,
      state: t.state as TunnelStateName,
      snapshot: true,
    };
    if (t.cause) entry.cause = t.cause as Cause;
    if (t.detail) entry.detail = t.detail;
    append(entry);
  }

  const unsubscribe = engine.onEvent((event) => {
    if (event.type !== 'state') return;
    const { ts: at, profile, state, cause, detail, attempt, retryInMs } = event;
    append({ type: 'state', ts: at, profile, state, cause, detail, attempt, retryInMs });
  });

  // Only when nothing else was written since the last tick: a busy history needs no heartbeat.
  const timer = setInterval(() => {
    if (!wroteSinceTick) append({ type: 'engine-alive', ts: new Date(now()).toISOString() });
    wroteSinceTick = false;
  }, heartbeatMs);
  timer.unref();

  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        unsubscribe();
        append({ type: 'engine-stop', ts: new Date(now()).toISOString() });
        await writer.close();
      })();
      return closing;
    },
  };
}
