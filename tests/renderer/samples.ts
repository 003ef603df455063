import type { LogLine, TunnelSnapshot } from '../../contract';

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
