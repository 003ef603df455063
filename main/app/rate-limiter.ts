/**
 * A sliding-window rate limiter, pure (time is passed in) so it is tested without clocks.
 * Notifications use it per tunnel (a flapping tunnel must not bury the desktop in toasts) and
 * overall (ten tunnels dropping with one network outage give a few toasts, not ten).
 */
export interface RateLimit {
  /** At most this many events … */
  limit: number;
  /** … within this many milliseconds. */
  windowMs: number;
}

export interface RateLimiter {
  /** Records and allows the event, or refuses it without recording it. */
  allow(key: string, now: number): boolean;
}

export function createRateLimiter(limits: { perKey: RateLimit; overall: RateLimit }): RateLimiter {
  const perKey = new Map<string, number[]>();
  let overall: number[] = [];
  const recent = (times: number[], windowMs: number, now: number) =>
    times.filter((t) => now - t < windowMs);

  return {
    allow(key, now) {
      overall = recent(overall, limits.overall.windowMs, now);
      const mine = recent(perKey.get(key) ?? [], limits.perKey.windowMs, now);
      perKey.set(key, mine);
      if (mine.length >= limits.perKey.limit || overall.length >= limits.overall.limit) {
        return false;
      }
      mine.push(now);
      overall.push(now);
      return true;
    },
  };
}
