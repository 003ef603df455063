import { describe, expect, it } from 'vitest';
import { availability, stateAt } from '../../../main/core/history';
import { alive, start, state, T, tempDir, writeDay, writeSegment } from './fixture';

/** stateAt / availability on the hand-built day of fixture.ts (engine down 03–04 and 05–06). */
const NOW = Date.parse(T('08:00:00'));
const at = (hms: string) => new Date(T(hms));

describe('stateAt', () => {
  const dir = tempDir();
  writeDay(dir);
  const ask = (hms: string, profile = 'lic') => stateAt(dir, profile, at(hms), { now: NOW });

  it('answers "was it down at 02:14:40, why, and since when"', async () => {
    expect(await ask('02:14:40')).toEqual({
      profile: 'lic',
      at: T('02:14:40'),
      state: 'waiting',
      cause: 'keepalive-timeout',
      detail: 'no keepalive reply for 20 s',
      since: T('02:11:40'),
      until: T('02:16:40'),
      forMs: 180_000,
      outage: {
        since: T('02:11:40'),
        until: T('02:20:00'),
        cause: 'keepalive-timeout',
        causes: ['keepalive-timeout'],
      },
    });
  });

  it('later in the same outage: the state now, and what took it down first', async () => {
    expect(await ask('02:18:00')).toMatchObject({
      state: 'waiting',
      cause: 'tcp-refused',
      since: T('02:16:41'),
      outage: {
        since: T('02:11:40'),
        cause: 'keepalive-timeout',
        causes: ['keepalive-timeout', 'tcp-refused'],
      },
    });
  });

  it('connected: no outage', async () => {
    const r = await ask('01:00:00');
    expect(r).toMatchObject({ state: 'connected', since: T('00:00:02'), until: T('02:11:40') });
    expect(r?.outage).toBeUndefined();
  });

  it('engine stopped, engine crashed, before and after the history: not monitored', async () => {
    expect(await ask('03:30:00')).toMatchObject({
      state: 'not-monitored',
      since: T('03:00:00'),
      until: T('04:00:00'),
    });
    // The 04:00 run went silent after its 05:00 heartbeat: not watched from then on.
    expect(await ask('05:30:00')).toMatchObject({
      state: 'not-monitored',
      since: T('05:00:00'),
      until: T('06:00:00'),
    });
    expect(await stateAt(dir, 'lic', new Date('2025-02-28T12:00:00Z'), { now: NOW })).toEqual({
      profile: 'lic',
      at: '2025-02-28T12:00:00.000Z',
      state: 'not-monitored',
      since: null,
      until: T('00:00:00'),
      forMs: null,
    });
    const after = await ask('07:30:00');
    expect(after).toMatchObject({ state: 'not-monitored', since: T('07:00:00') });
    expect(after?.until).toBeUndefined();
  });

  it('a profile with no history at all: undefined', async () => {
    expect(await ask('01:00:00', 'nope')).toBeUndefined();
  });

  it('a run still writing is watching now; one silent for 3 heartbeats is not', async () => {
    const live = tempDir();
    writeSegment(live, [
      start(T('10:00:00'), 60_000),
      state(T('10:00:00'), 'lic', 'connected'),
      alive(T('10:05:00')),
    ]);
    const q = (now: string) =>
      stateAt(live, 'lic', new Date(T('10:06:00')), { now: Date.parse(T(now)) });
    expect(await q('10:06:30')).toMatchObject({ state: 'connected', since: T('10:00:00') });
    expect(await q('10:30:00')).toMatchObject({ state: 'not-monitored', since: T('10:05:00') });
  });
});

describe('availability', () => {
  const dir = tempDir();
  writeDay(dir);

  it('over the day: segments, uptime over monitored time, engine-down time apart, outages', async () => {
    const r = await availability(dir, 'lic', at('00:00:00'), at('12:00:00'), { now: NOW });
    expect(r.from).toBe(T('00:00:00'));
    expect(r.to).toBe(T('08:00:00')); // not past now
    expect(
      r.segments.map((s) => [s.from.slice(11, 19), s.to.slice(11, 19), s.state, s.cause]),
    ).toEqual([
      ['00:00:00', '00:00:02', 'connecting', undefined],
      ['00:00:02', '02:11:40', 'connected', undefined],
      ['02:11:40', '02:16:40', 'waiting', 'keepalive-timeout'],
      ['02:16:40', '02:16:41', 'connecting', undefined],
      ['02:16:41', '02:20:00', 'waiting', 'tcp-refused'],
      ['02:20:00', '03:00:00', 'connected', undefined],
      ['03:00:00', '04:00:00', 'not-monitored', undefined],
      ['04:00:00', '04:00:01', 'connecting', undefined],
      ['04:00:01', '05:00:00', 'connected', undefined],
      ['05:00:00', '06:00:00', 'not-monitored', undefined],
      ['06:00:00', '06:00:01', 'connecting', undefined],
      ['06:00:01', '07:00:00', 'connected', undefined],
      ['07:00:00', '08:00:00', 'not-monitored', undefined],
    ]);
    expect(r.monitoredMs).toBe(5 * 3600_000);
    expect(r.notMonitoredMs).toBe(3 * 3600_000);
    expect(r.connectedMs).toBe(5 * 3600_000 - 504_000);
    expect(r.uptimePercent).toBe(97.2);
    expect(r.outages).toHaveLength(4);
    expect(r.outages[1]).toEqual({
      from: T('02:11:40'),
      to: T('02:20:00'),
      durationMs: 500_000,
      cause: 'keepalive-timeout',
      causes: ['keepalive-timeout', 'tcp-refused'],
      states: ['waiting', 'connecting'],
      ongoing: false,
    });
    expect(r.segments.reduce((sum, s) => sum + s.durationMs, 0)).toBe(8 * 3600_000);
  });

  it('a window cut inside an outage: clipped segments, the outage ongoing at its end', async () => {
    const r = await availability(dir, 'lic', at('02:00:00'), at('02:15:00'), { now: NOW });
    expect(r.segments.map((s) => [s.from.slice(11, 19), s.to.slice(11, 19), s.state])).toEqual([
      ['02:00:00', '02:11:40', 'connected'],
      ['02:11:40', '02:15:00', 'waiting'],
    ]);
    expect(r.outages).toEqual([expect.objectContaining({ durationMs: 200_000, ongoing: true })]);
    expect(r.uptimePercent).toBeCloseTo((700 / 900) * 100, 2);
  });

  it('nothing watched in the window: uptime null, all not monitored', async () => {
    const r = await availability(dir, 'lic', at('03:10:00'), at('03:50:00'), { now: NOW });
    expect(r).toMatchObject({ uptimePercent: null, monitoredMs: 0, notMonitoredMs: 2400_000 });
    expect(r.outages).toEqual([]);
  });

  it('another profile: its own states, the same engine gaps', async () => {
    const r = await availability(dir, 'other', at('00:00:00'), at('08:00:00'), { now: NOW });
    expect(r.segments.map((s) => s.state)).toEqual(['connected', 'waiting', 'not-monitored']);
    // The 04:00 and 06:00 runs never reported `other` (no longer configured): not monitored.
    expect(r.monitoredMs).toBe(3 * 3600_000);
    expect(r.outages).toEqual([
      expect.objectContaining({ from: T('02:30:00'), to: T('03:00:00'), cause: 'dns-not-found' }),
    ]);
  });
});
