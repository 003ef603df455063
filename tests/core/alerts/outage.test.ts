import { describe, expect, it } from 'vitest';
import { OutageWatch } from '../../../main/core/alerts/outage';

/** The rules of "down" and "up", fed states by hand with a clock that moves only when told. */
function watch(minutes: Record<string, number> = {}) {
  let clock = 1_000_000;
  const w = new OutageWatch({
    minutesFor: (p) => minutes[p] ?? 5,
    minuteMs: 60_000,
    now: () => clock,
  });
  const see = (state: string, cause?: string, profile = 'lic') =>
    w.observe({ profile, name: 'ANSYS license', state, ...(cause ? { cause } : {}) });
  return {
    w,
    see,
    advance: (minutesLater: number) => (clock += minutesLater * 60_000),
    at: () => clock,
  };
}

describe('OutageWatch', () => {
  it('sends "down" once when a tunnel has not been connected for the threshold, not before', () => {
    const { w, see, advance, at } = watch();
    const start = at();
    see('connecting');
    see('waiting', 'tcp-refused');
    expect(w.nextDue()).toBe(start + 5 * 60_000);
    advance(4.9);
    expect(w.due()).toEqual([]);
    advance(0.1);
    expect(w.due()).toEqual([
      {
        event: 'down',
        profile: 'lic',
        name: 'ANSYS license',
        state: 'waiting',
        cause: 'tcp-refused',
        since: start,
        minutes: 5,
      },
    ]);
    expect(w.due()).toEqual([]);
    expect(w.nextDue()).toBeUndefined();
  });

  it('flapping inside one outage (waiting, connecting, degraded, failed) sends nothing more', () => {
    const { w, see, advance } = watch();
    see('waiting', 'keepalive-timeout');
    advance(5);
    expect(w.due()).toHaveLength(1);
    for (const s of ['connecting', 'authenticating', 'degraded', 'waiting', 'failed']) {
      expect(see(s, s === 'degraded' ? 'forward-refused' : undefined)).toBeUndefined();
      advance(10);
      expect(w.due()).toEqual([]);
    }
  });

  it('"up" once when a reported outage ends, with how long it lasted and why it was down', () => {
    const { w, see, advance } = watch();
    see('waiting', 'keepalive-timeout');
    advance(5);
    w.due();
    see('connecting'); // no cause: the last one is kept
    advance(2.4);
    expect(see('connected')).toMatchObject({
      event: 'up',
      state: 'connected',
      cause: 'keepalive-timeout',
      minutes: 7,
    });
    expect(see('connected')).toBeUndefined();
  });

  it('a blip shorter than the threshold is silent, and the next outage counts from its own start', () => {
    const { w, see, advance, at } = watch();
    see('waiting', 'tcp-refused');
    advance(4);
    expect(see('connected')).toBeUndefined();
    const second = at();
    see('waiting', 'tcp-refused');
    advance(4);
    expect(w.due()).toEqual([]);
    advance(1);
    expect(w.due()).toMatchObject([{ event: 'down', since: second }]);
  });

  it('stopped by the user is not an outage, and ends one silently', () => {
    const { w, see, advance } = watch();
    see('stopped');
    advance(60);
    expect(w.due()).toEqual([]);
    see('waiting', 'tcp-refused');
    advance(5);
    expect(w.due()).toHaveLength(1);
    expect(see('stopped')).toBeUndefined();
    expect(see('connected')).toBeUndefined();
  });

  it('degraded (session up, a forward failing) counts as down', () => {
    const { w, see, advance } = watch();
    see('connected');
    see('degraded', 'forward-refused');
    advance(5);
    expect(w.due()).toMatchObject([{ state: 'degraded', cause: 'forward-refused' }]);
    expect(see('connected')).toMatchObject({ event: 'up' });
  });

  it('a profile threshold overrides the default; 0 never alerts', () => {
    const { w, see, advance } = watch({ quick: 1, quiet: 0 });
    see('waiting', 'tcp-refused', 'quick');
    see('waiting', 'tcp-refused', 'quiet');
    see('waiting', 'tcp-refused', 'lic');
    advance(1);
    expect(w.due().map((f) => f.profile)).toEqual(['quick']);
    advance(100);
    expect(w.due().map((f) => f.profile)).toEqual(['lic']);
  });
});
