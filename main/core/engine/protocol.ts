import type { PendingConfirmation } from '../auth/trust/tofu';
import type { LogEntry } from '../logging/tunnel-log';
import type { TunnelEvent, TunnelSnapshot } from '../tunnels/events';

/**
 * The engine's control API: JSON-RPC 2.0 (vscode-jsonrpc) over the endpoint. The first calls
 * are `hello` then `authenticate` (a challenge both ways over the token, so neither side ever
 * sends the token itself: a pipe squatter learns nothing, and is caught). Anything else before
 * that is refused.
 *
 * Versioned: the engine serves clients of PROTOCOL_VERSION down to MIN_CLIENT_PROTOCOL; an older
 * client gets ERROR.outdatedClient and a message that says to update the app.
 */
export const PROTOCOL_VERSION = 1;
export const MIN_CLIENT_PROTOCOL = 1;

/** JSON-RPC error codes of the engine (the -32000 range is the server's own). */
export const ENGINE_ERRORS = {
  outdatedClient: -32001,
  notAuthenticated: -32002,
  badToken: -32003,
  notFound: -32004,
  badRequest: -32005,
  failed: -32006,
} as const;

export const Methods = {
  hello: 'hello',
  authenticate: 'authenticate',
  info: 'engine/info',
  list: 'tunnels/list',
  get: 'tunnels/get',
  start: 'tunnels/start',
  stop: 'tunnels/stop',
  restart: 'tunnels/restart',
  nudge: 'tunnels/nudge',
  logs: 'tunnels/logs',
  diagnose: 'tunnels/diagnose',
  subscribe: 'events/subscribe',
  reload: 'config/reload',
  pendingHostKeys: 'hostkeys/pending',
  answerHostKey: 'hostkeys/answer',
  unlockKey: 'keys/unlock',
  listKeys: 'keys/list',
  removeKey: 'keys/remove',
  provideSecret: 'secrets/provide',
  shutdown: 'engine/shutdown',
} as const;

/** Notifications from the engine to a subscribed client. */
export const Notifications = {
  /** One event (protocol 1 engines). */
  event: 'event',
  /** Several events in order, one notification per turn of the engine's event loop. */
  events: 'events',
  /** The tunnel list changed shape (profiles added/removed/edited by a reload). */
  tunnels: 'tunnels',
} as const;

export interface HelloParams {
  protocol: number;
  /** Random, hex: the engine proves it knows the token by answering HMAC(token, nonce). */
  clientNonce: string;
  client: string;
}

export interface HelloResult {
  protocol: number;
  serverProof: string;
  serverNonce: string;
}

export interface EngineInfo {
  pid: number;
  since: string;
  config: string | null;
  version: string;
  endpoint: string;
  protocol: number;
}

/** A profile of the engine's config as the clients list it, running or not. */
export type EngineTunnel = TunnelSnapshot & { autostart: boolean };

export interface SubscribeParams {
  /** Also the log lines, with this many recent ones per tunnel first. */
  logs?: { backlog: number };
}

export interface SubscribeResult {
  tunnels: EngineTunnel[];
  /** The recent log lines, oldest first, as `log` events. */
  backlog: TunnelEvent[];
}

export interface LogsParams {
  id: string;
  limit?: number;
}

export type LogsResult = LogEntry[];

/** A host key waiting for the user (policy `ask`), as it crosses the endpoint: data only. */
export type PendingHostKey = Omit<PendingConfirmation, 'confirm' | 'reject'>;

export interface AnswerHostKeyParams {
  id: string;
  decision: 'once' | 'always' | 'reject';
}

/** The passphrase crosses once, in this request; the engine keeps the unlocked key in memory. */
export interface UnlockKeyParams {
  keyFile: string;
  passphrase?: string;
}
