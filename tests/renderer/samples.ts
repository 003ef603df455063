import type { Availability, AvailabilitySegment, LogLine, TunnelSnapshot } from '../../contract';

export function snapshot(overrides: Partial<TunnelSnapshot> = {}): TunnelSnapshot {
  return {
    id: 'lic',
    name: 'License proxy',
    state: 'connected',
    cause: null,
    detail: null,
    since: Date.now() - 65_000,
    nextRetryAt: null,
    forwards: [
      {
        id: 'R1055',
        type: 'remote',
        listen: '127.0.0.1:1055',
        target: 'licsrv:1055',
        state: 'active',
        cause: null,
        connections: { active: 2, total: 9, failed: 0 },
        bytesOut: 4 * 1024 * 1024,
        bytesIn: 10 * 1024 * 1024,
      },
    ],
    counters: { reconnects: 0, bytesIn: 0, bytesOut: 0 },
    ...overrides,
  } as TunnelSnapshot;
}

export function line(n: number, overrides: Partial<LogLine> = {}): LogLine {
  return {
    tunnelId: 'lic',
    time: 1_700_000_000_000 + n,
    level: 'info',
    message: `line ${n}`,
    ...overrides,
  };
}

const HOUR = 3_600_000;

/**
 * A day of `lic` as main answers it: 2 h before anyone watched, connected, a keepalive timeout at
 * 02:00 UTC that took 8 min 20 s to get over (a refused reconnect on the way), and a login
 * refused for the last hour (still going on now).
 */
export function availabilitySample(to = Date.UTC(2025, 2, 1, 8)): Availability {
  const from = to - 24 * HOUR;
  const down = to - 6 * HOUR;
  const seg = (
    a: number,
    b: number,
    state: AvailabilitySegment['state'],
    cause: AvailabilitySegment['cause'] = null,
    detail: string | null = null,
  ): AvailabilitySegment => ({ from: a, to: b, durationMs: b - a, state, cause, detail });
  const segments = [
    seg(from, from + 2 * HOUR, 'not-monitored'),
    seg(from + 2 * HOUR, down, 'connected'),
    seg(down, down + 300_000, 'waiting', 'keepalive-timeout', 'no keepalive reply for 20 s'),
    seg(down + 300_000, down + 500_000, 'waiting', 'tcp-refused', 'connect ECONNREFUSED'),
    seg(down + 500_000, to - HOUR, 'connected'),
    seg(to - HOUR, to, 'failed', 'auth-rejected', 'All configured authentication methods failed'),
  ];
  const monitoredMs = 22 * HOUR;
  const connectedMs = monitoredMs - 500_000 - HOUR;
  return {
    id: 'lic',
    range: '24h',
    from,
    to,
    segments,
    monitoredMs,
    connectedMs,
    notMonitoredMs: 2 * HOUR,
    uptimePercent: Math.round((connectedMs / monitoredMs) * 100_000) / 1000,
    outages: [
      {
        from: down,
        to: down + 500_000,
        durationMs: 500_000,
        cause: 'keepalive-timeout',
        causes: ['keepalive-timeout', 'tcp-refused'],
        states: ['waiting'],
        ongoing: false,
      },
      {
        from: to - HOUR,
        to,
        durationMs: HOUR,
        cause: 'auth-rejected',
        causes: ['auth-rejected'],
        states: ['failed'],
        ongoing: true,
      },
    ],
  };
}

/** What main answers for a tunnel no engine has watched yet. */
export function emptyAvailability(range: Availability['range'] = '24h', to = Date.now()) {
  const from = to - (range === '7d' ? 7 * 24 : 24) * HOUR;
  return {
    id: 'lic',
    range,
    from,
    to,
    segments: [
      { from, to, durationMs: to - from, state: 'not-monitored', cause: null, detail: null },
    ],
    monitoredMs: 0,
    connectedMs: 0,
    notMonitoredMs: to - from,
    uptimePercent: null,
    outages: [],
  } satisfies Availability;
}
