import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AvailabilitySchema } from '../../contract';
import { coreHistory } from '../../main/app/core-history';
import { state, start, T, tempDir, writeDay, writeSegment } from '../core/history/fixture';

/** The window's availability over the real history reader and hand-written history files. */
const at = (iso: string) => Date.parse(iso);
const NOW = at(T('08:00:00'));

describe('the core history adapter', () => {
  it('answers the last 24 h of a tunnel: segments, uptime and outages, in epoch ms', async () => {
    const dir = tempDir();
    writeDay(dir);
    const report = await coreHistory({ dir, now: () => NOW }).availability('lic', '24h');
    expect(AvailabilitySchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ id: 'lic', range: '24h', from: NOW - 86_400_000, to: NOW });
    // Every instant of the period in exactly one segment.
    expect(report.segments[0]?.from).toBe(report.from);
    expect(report.segments.at(-1)?.to).toBe(report.to);
    for (const [i, s] of report.segments.entries()) {
      expect(s.durationMs).toBe(s.to - s.from);
      if (i > 0) expect(s.from).toBe(report.segments[i - 1]?.to);
    }
    expect(report.segments.map((s) => s.state)).toEqual([
      'not-monitored',
      'connecting',
      'connected',
      'waiting',
      'connecting',
      'waiting',
      'connected',
      'not-monitored',
      'connecting',
      'connected',
      'not-monitored',
      'connecting',
      'connected',
      'not-monitored',
    ]);
    expect(report.segments[3]).toEqual({
      from: at(T('02:11:40')),
      to: at(T('02:16:40')),
      durationMs: 300_000,
      state: 'waiting',
      cause: 'keepalive-timeout',
      detail: 'no keepalive reply for 20 s',
    });
    // 00:00–03:00, 04:00–05:00 (then a crash), 06:00–07:00 watched.
    expect(report.monitoredMs).toBe(5 * 3_600_000);
    expect(report.notMonitoredMs).toBe(19 * 3_600_000);
    expect(report.uptimePercent).toBeCloseTo(
      ((5 * 3_600_000 - 2_000 - 500_000 - 1_000 - 1_000) / (5 * 3_600_000)) * 100,
      2,
    );
    const outage = report.outages.find((o) => o.from === at(T('02:11:40')));
    expect(outage).toEqual({
      from: at(T('02:11:40')),
      to: at(T('02:20:00')),
      durationMs: 500_000,
      cause: 'keepalive-timeout',
      causes: ['keepalive-timeout', 'tcp-refused'],
      states: ['waiting', 'connecting'],
      ongoing: false,
    });
  });

  it('answers the last 7 days from now', async () => {
    const dir = tempDir();
    writeDay(dir);
    const report = await coreHistory({ dir, now: () => NOW }).availability('lic', '7d');
    expect(report.to - report.from).toBe(7 * 86_400_000);
    expect(report.monitoredMs).toBe(5 * 3_600_000);
  });

  it('answers one not-monitored stretch when there is no history yet, not an error', async () => {
    const empty = {
      segments: [
        {
          from: NOW - 86_400_000,
          to: NOW,
          durationMs: 86_400_000,
          state: 'not-monitored',
          cause: null,
          detail: null,
        },
      ],
      monitoredMs: 0,
      connectedMs: 0,
      notMonitoredMs: 86_400_000,
      uptimePercent: null,
      outages: [],
    };
    const missing = path.join(tempDir(), 'history');
    expect(
      await coreHistory({ dir: missing, now: () => NOW }).availability('lic', '24h'),
    ).toMatchObject(empty);
    // A history that never saw this tunnel: the engine watched, but not it.
    const dir = tempDir();
    writeDay(dir);
    expect(await coreHistory({ dir, now: () => NOW }).availability('new', '24h')).toMatchObject(
      empty,
    );
  });

  it('says unknown for a cause a newer engine wrote', async () => {
    const dir = tempDir();
    writeSegment(dir, [
      start(T('06:00:00'), 3_600_000),
      state(T('06:00:00'), 'lic', 'connected'),
      {
        ...state(T('07:00:00'), 'lic', 'waiting', undefined, 'solar flare'),
        cause: 'cosmic-ray',
      } as never,
    ]);
    const report = await coreHistory({ dir, now: () => NOW }).availability('lic', '24h');
    expect(AvailabilitySchema.parse(report)).toEqual(report);
    expect(report.segments.at(-1)).toMatchObject({ cause: 'unknown', detail: 'solar flare' });
    expect(report.outages).toEqual([
      {
        from: at(T('07:00:00')),
        to: NOW,
        durationMs: 3_600_000,
        cause: 'unknown',
        causes: ['unknown'],
        states: ['waiting'],
        ongoing: true,
      },
    ]);
    expect(report.uptimePercent).toBe(50);
  });
});
