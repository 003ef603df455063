/**
 * Translations from the core's tunnel model (main/core/tunnels/events.ts) to the bridge's
 * (contract/). Pure, so the mapping is tested without starting tunnels; the contract
 * stays the renderer's own shape while the core's may grow.
 */
import type { ForwardView, LogLine, TunnelSnapshot } from '../../contract';
import type { Forward, Profile } from '../core/config/profile';
import { bindAddressOf } from '../core/config/schema';
import type { LogEntry } from '../core/logging/tunnel-log';
import type { ForwardSnapshot, TunnelSnapshot as CoreSnapshot } from '../core/tunnels/events';

const time = (iso: string | undefined): number | null => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? ms : null;
};

const FORWARD_STATE = { listening: 'active', failed: 'failed', closed: 'pending' } as const;

function forwardView(f: ForwardSnapshot): ForwardView {
  return {
    id: f.id,
    type: f.type,
    ...(f.label ? { label: f.label } : {}),
    listen: `${f.bindAddress}:${f.bindPort}`,
    target: f.target ?? null,
    state: FORWARD_STATE[f.status],
    cause: f.cause ?? null,
    connections: { active: f.counters.active, total: f.counters.total, failed: f.counters.failed },
    bytesOut: f.counters.bytesSent,
    bytesIn: f.counters.bytesReceived,
  };
}

/** A running tunnel as the window shows it. */
export function fromCoreSnapshot(s: CoreSnapshot): TunnelSnapshot {
  const sum = (pick: (f: ForwardSnapshot) => number) =>
    s.forwards.reduce((total, f) => total + pick(f), 0);
  return {
    id: s.profile,
    name: s.name,
    state: s.state,
    cause: s.cause ?? null,
    detail: s.detail ?? null,
    since: time(s.since) ?? 0,
    nextRetryAt: s.state === 'waiting' ? time(s.retryAt) : null,
    forwards: s.forwards.map(forwardView),
    counters: {
      reconnects: Math.max(0, s.attempt - 1),
      bytesIn: sum((f) => f.counters.bytesReceived),
      bytesOut: sum((f) => f.counters.bytesSent),
    },
  };
}

function idleForward(f: Forward): ForwardView {
  return {
    id: f.id,
    type: f.type,
    ...(f.label ? { label: f.label } : {}),
    listen: `${bindAddressOf(f)}:${f.bindPort}`,
    target: f.type === 'dynamic' ? null : `${f.targetHost}:${f.targetPort}`,
    state: 'pending',
    cause: null,
    connections: { active: 0, total: 0, failed: 0 },
    bytesOut: 0,
    bytesIn: 0,
  };
}

/** A configured profile that is not running. */
export function stoppedSnapshot(profile: Profile, since = 0): TunnelSnapshot {
  return {
    id: profile.id,
    name: profile.name,
    state: 'stopped',
    cause: null,
    detail: null,
    since,
    nextRetryAt: null,
    forwards: profile.forwards.map(idleForward),
    counters: { reconnects: 0, bytesIn: 0, bytesOut: 0 },
  };
}

export function toLogLine(
  tunnelId: string,
  entry: Pick<LogEntry, 'ts' | 'level' | 'message'>,
): LogLine {
  return {
    tunnelId,
    time: time(entry.ts) ?? 0,
    level: entry.level,
    message: entry.message,
  };
}
