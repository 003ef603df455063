import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthRateLimit, backoffDelay } from '../../../main/core/tunnels/backoff';

describe('backoff', () => {
  it('grows exponentially, stays within [base/2, base] and never passes the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const d = backoffDelay(n, { minMs: 1000, maxMs: 60_000, random: () => r });
          const base = Math.min(60_000, 1000 * 2 ** (n - 1));
          expect(d).toBeGreaterThanOrEqual(Math.floor(base / 2));
          expect(d).toBeLessThanOrEqual(base);
        },
      ),
    );
  });

  it('jitter spreads tunnels that fail together', () => {
    const delays = new Set(
      Array.from({ length: 50 }, () => backoffDelay(5, { minMs: 1000, maxMs: 60_000 })),
    );
    expect(delays.size).toBeGreaterThan(10);
  });

  it('first retries are quick, later ones reach the cap', () => {
    const at = (n: number) => backoffDelay(n, { minMs: 1000, maxMs: 60_000, random: () => 1 });
    expect(at(1)).toBe(1000);
    expect(at(3)).toBe(4000);
    expect(at(30)).toBe(60_000);
  });
});

describe('auth rate limit', () => {
  it('allows at most 3 attempts in any 10 s window', () => {
    const limit = new AuthRateLimit();
    let now = 0;
    const attempts: number[] = [];
    for (let i = 0; i < 20; i++) {
      now = limit.nextAllowed(now);
      limit.record(now);
      attempts.push(now);
      now += 100; // a caller that would hammer if allowed
    }
    for (let i = 3; i < attempts.length; i++)
      expect(attempts[i]! - attempts[i - 3]!).toBeGreaterThan(10_000);
  });

  it('backs off to minutes after repeated rejections', () => {
    const limit = new AuthRateLimit();
    expect(limit.delayAfter(1)).toBe(5_000);
    expect(limit.delayAfter(2)).toBe(15_000);
    expect(limit.delayAfter(4)).toBeGreaterThanOrEqual(120_000);
    expect(limit.delayAfter(50)).toBe(300_000);
  });
});
