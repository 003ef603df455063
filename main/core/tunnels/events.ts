import type { Cause } from '../causes';

import type { TunnelStateName } from '../../../contract/tunnel-state';

/** A state's name as events and snapshots carry it (the machine is contract/tunnel-state.ts). */
export type TunnelState = TunnelStateName;

export type ForwardStatus = 'listening' | 'failed' | 'closed';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

interface Base {
  /** ISO 8601 time of the event. */
  ts: string;
  /** Profile id. */
  profile: string;
}

export interface StateEvent extends Base {
  type: 'state';
  state: TunnelState;
  cause?: Cause;
  /** Human explanation (raw error text for `unknown`). */
  detail?: string;
  /** On `waiting`: delay until the next attempt. */
  retryInMs?: number;
  /** Number of the attempt in progress (`connecting`) or scheduled next (`waiting`). */
  attempt?: number;
}

export interface ForwardEvent extends Base {
  type: 'forward';
  forward: string;
  status: ForwardStatus;
  cause?: Cause;
  detail?: string;
  /** Where it listens (for `listening`; the real port when 0 was asked). */
  bindAddress?: string;
  bindPort?: number;
  /** On `failed` while the session is up: when the bind is tried again. */
  retryInMs?: number;
}

export interface ConnectionEvent extends Base {
  type: 'connection';
  forward: string;
  /** Forwarded connections open now on this forward. */
  active: number;
  /** Set when a connection could not be carried (e.g. `target-unreachable`). */
  cause?: Cause;
  detail?: string;
}

export interface LogEvent extends Base {
  type: 'log';
  level: LogLevel;
  message: string;
}

export type TunnelEvent = StateEvent | ForwardEvent | ConnectionEvent | LogEvent;
/** An event before the emitter stamps it with `ts` and `profile`. */
export type Unstamped<T> = T extends TunnelEvent ? Omit<T, 'ts' | 'profile'> : never;

/** Per-forward counters; kept across reconnects, never logged per chunk. */
export interface ForwardCounters {
  active: number;
  total: number;
  /** Connections that could not be carried (target down, channel refused, SOCKS error). */
  failed: number;
  /** Bytes from this machine's side into the tunnel, and out of it. */
  bytesSent: number;
  bytesReceived: number;
  /** Epoch ms of the last byte either way, or of the last connection change. */
  lastActivity: number | null;
}

export interface ForwardSnapshot {
  id: string;
  type: 'local' | 'remote' | 'dynamic';
  label?: string;
  status: ForwardStatus;
  cause?: Cause;
  detail?: string;
  bindAddress: string;
  bindPort: number;
  target?: string;
  counters: ForwardCounters;
}

export interface TunnelSnapshot {
  profile: string;
  name: string;
  state: TunnelState;
  cause?: Cause;
  detail?: string;
  attempt: number;
  retryAt?: string;
  since: string;
  connectedSince?: string;
  /** The session's last keepalive round trip (seconds), while it is up. */
  keepaliveRttSeconds?: number;
  forwards: ForwardSnapshot[];
}

export function newCounters(): ForwardCounters {
  return { active: 0, total: 0, failed: 0, bytesSent: 0, bytesReceived: 0, lastActivity: null };
}
