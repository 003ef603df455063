import { describe, expect, it } from 'vitest';
import {
  createTunnelNotifier,
  noticeFor,
  type ShownNotification,
} from '../../main/app/notifications';
import { createRateLimiter } from '../../main/app/rate-limiter';
import { shellStrings } from '../../main/app/strings';
import type { TunnelStateName } from '../../contract/tunnel-state';
import { snapshot } from './fakes';

describe('rate limiter', () => {
  const limiter = () =>
    createRateLimiter({
      perKey: { limit: 2, windowMs: 1000 },
      overall: { limit: 3, windowMs: 100 },
    });

  it('allows up to the limit per key within the window, then again once it has passed', () => {
    const l = limiter();
    expect([l.allow('a', 0), l.allow('a', 200), l.allow('a', 400)]).toEqual([true, true, false]);
    expect(l.allow('a', 999)).toBe(false);
    expect(l.allow('a', 1000)).toBe(true); // the first one left the window
  });

  it('limits all keys together too, so one outage gives a few notifications', () => {
    const l = limiter();
    expect(['a', 'b', 'c', 'd'].map((k) => l.allow(k, 10))).toEqual([true, true, true, false]);
    expect(l.allow('d', 110)).toBe(true);
  });

  it('does not count refused events against the key', () => {
    const l = createRateLimiter({
      perKey: { limit: 1, windowMs: 1000 },
      overall: { limit: 1, windowMs: 10 },
    });
    expect(l.allow('a', 0)).toBe(true);
    expect(l.allow('b', 5)).toBe(false); // refused overall
    expect(l.allow('b', 20)).toBe(true); // b's own budget was untouched
  });
});

describe('which tunnel changes are worth a notification', () => {
  it.each([
    ['connected', 'waiting', false, 'dropped'],
    ['connected', 'connecting', false, 'dropped'],
    ['degraded', 'waiting', false, 'dropped'],
    ['connected', 'degraded', false, 'degraded'],
    ['waiting', 'failed', true, 'failed'],
    ['authenticating', 'failed', false, 'failed'],
    ['connecting', 'connected', true, 'recovered'],
    ['degraded', 'connected', true, 'recovered'],
    ['connecting', 'connected', false, null], // the first connect after Start is not news
    ['stopped', 'connecting', false, null],
    ['connected', 'stopped', false, null], // the user stopped it
    ['waiting', 'connecting', true, null],
  ] as [TunnelStateName, TunnelStateName, boolean, string | null][])(
    '%s → %s (was down: %s): %s',
    (previous, next, wasDown, notice) => {
      expect(noticeFor(previous, next, wasDown)).toBe(notice);
    },
  );
});

describe('tunnel notifier', () => {
  function setup(enabled = true) {
    const shown: ShownNotification[] = [];
    const troubleshooting: string[] = [];
    let now = 0;
    const notifier = createTunnelNotifier({
      show: (n) => shown.push(n),
      limiter: createRateLimiter({
        perKey: { limit: 3, windowMs: 600_000 },
        overall: { limit: 10, windowMs: 60_000 },
      }),
      enabled: () => enabled,
      strings: () => shellStrings('en'),
      openTroubleshooting: (id) => troubleshooting.push(id),
      now: () => now,
    });
    const step = (
      id: string,
      previous: TunnelStateName,
      next: TunnelStateName,
      at = now + 1000,
    ) => {
      now = at;
      notifier.onTransition(snapshot(id, next, 'License proxy'), previous);
    };
    return { shown, troubleshooting, step };
  }

  it('tells when a tunnel drops and when it recovers, and a click opens troubleshooting', () => {
    const { shown, troubleshooting, step } = setup();
    step('lic', 'stopped', 'connecting');
    step('lic', 'connecting', 'connected');
    step('lic', 'connected', 'waiting');
    step('lic', 'waiting', 'connecting');
    step('lic', 'connecting', 'connected');
    expect(shown.map((n) => n.title)).toEqual([
      'License proxy lost its connection',
      'License proxy is connected again',
    ]);
    shown[0]?.onClick();
    expect(troubleshooting).toEqual(['lic']);
  });

  it('tells when a tunnel gives up for good', () => {
    const { shown, step } = setup();
    step('lic', 'authenticating', 'failed');
    expect(shown.map((n) => n.title)).toEqual(['License proxy has stopped retrying']);
    expect(shown[0]?.body).toMatch(/how to fix/);
  });

  it('stays quiet about a flapping tunnel after three notifications in ten minutes', () => {
    const { shown, step } = setup();
    for (let i = 0; i < 10; i++) {
      step('lic', 'connected', 'waiting');
      step('lic', 'waiting', 'connected');
    }
    expect(shown).toHaveLength(3);
    step('lic', 'connected', 'waiting', 20 * 60_000);
    expect(shown).toHaveLength(4);
  });

  it('shows nothing when notifications are turned off', () => {
    const { shown, step } = setup(false);
    step('lic', 'connected', 'waiting');
    step('lic', 'waiting', 'failed');
    expect(shown).toEqual([]);
  });
});
