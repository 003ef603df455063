import path from 'node:path';
import { TUNNEL_STATES, type TunnelStateName } from '../../../contract/tunnel-state';
import type { Cause } from '../causes';

/**
 * One line of the availability history (JSON lines, append-only). State lines are what the
 * engine saw; the engine markers say when anyone was watching at all, so that "the engine was
 * down" reads as "not monitored", never as "the tunnel was down".
 */
export type HistoryEntry = StateEntry | EngineStartEntry | EngineAliveEntry | EngineStopEntry;

export interface StateEntry {
  type: 'state';
  /** ISO 8601, as the event carried it. */
  ts: string;
  profile: string;
  state: TunnelStateName;
  cause?: Cause;
  detail?: string;
  attempt?: number;
  retryInMs?: number;
  /** Written when the engine attached (the tunnel's state then), not by a change. */
  snapshot?: true;
}

export interface EngineStartEntry {
  type: 'engine-start';
  ts: string;
  pid: number;
  /** How often this run writes `engine-alive` when idle: tells readers when a run went silent. */
  heartbeatMs: number;
}

/** Written when nothing else was for a heartbeat: bounds what a crash leaves unknown. */
export interface EngineAliveEntry {
  type: 'engine-alive';
  ts: string;
}

export interface EngineStopEntry {
  type: 'engine-stop';
  ts: string;
}

/** How often an idle engine writes `engine-alive` unless told otherwise. */
export const DEFAULT_HEARTBEAT_MS = 5 * 60_000;

/** The history's folder inside the data dir (defaultDataDir()). */
export function historyDir(dataDir: string): string {
  return path.join(dataDir, 'history');
}

/** A detail is raw error text at worst; lines stay small so one append stays one write. */
const MAX_DETAIL = 500;

export function encodeEntry(entry: HistoryEntry): string {
  if (entry.type === 'state' && entry.detail && entry.detail.length > MAX_DETAIL)
    entry = { ...entry, detail: `${entry.detail.slice(0, MAX_DETAIL)}…` };
  return `${JSON.stringify(entry)}\n`;
}

/**
 * One line back into an entry. `bad`: not a history line at all (the file is damaged);
 * `skip`: well-formed but of a kind this version does not know (a newer writer): ignored.
 */
export type Parsed = { ok: true; entry: HistoryEntry } | { ok: false; why: 'bad' | 'skip' };

const STATES: readonly string[] = TUNNEL_STATES;

export function parseEntry(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'bad' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, why: 'bad' };
  const v = value as Record<string, unknown>;
  if (typeof v.ts !== 'string' || Number.isNaN(Date.parse(v.ts)) || typeof v.type !== 'string')
    return { ok: false, why: 'bad' };
  switch (v.type) {
    case 'state':
      if (typeof v.profile !== 'string' || typeof v.state !== 'string')
        return { ok: false, why: 'bad' };
      if (!STATES.includes(v.state)) return { ok: false, why: 'skip' };
      return { ok: true, entry: v as unknown as StateEntry };
    case 'engine-start':
      return {
        ok: true,
        entry: {
          type: 'engine-start',
          ts: v.ts,
          pid: typeof v.pid === 'number' ? v.pid : 0,
          heartbeatMs: typeof v.heartbeatMs === 'number' && v.heartbeatMs > 0 ? v.heartbeatMs : 0,
        },
      };
    case 'engine-alive':
    case 'engine-stop':
      return { ok: true, entry: { type: v.type, ts: v.ts } };
    default:
      return { ok: false, why: 'skip' };
  }
}
