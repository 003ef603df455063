/**
 * Retry timing. Exponential with "equal jitter" (half fixed, half random), so that many tunnels
 * restarting together spread out but no delay ever drops near zero (no hot loop), with a cap.
 */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  factor?: number;
  /** Injected for tests. */
  random?: () => number;
}

export function backoffDelay(failures: number, options: BackoffOptions): number {
  const factor = options.factor ?? 2;
  const random = options.random ?? Math.random;
  const n = Math.max(1, failures);
  const base = Math.min(options.maxMs, options.minMs * factor ** Math.min(n - 1, 60));
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * Auth rejections never lock an account out: at most `max` attempts in any `windowMs`, and each
 * further consecutive rejection waits longer, up to minutes.
 */
export class AuthRateLimit {
  private readonly attempts: number[] = [];
  constructor(
    readonly max = 3,
    readonly windowMs = 10_000,
    readonly firstDelayMs = 5_000,
    readonly capMs = 5 * 60_000,
  ) {}

  /** Records an attempt made at `now`. */
  record(now: number): void {
    this.attempts.push(now);
    while (this.attempts.length > this.max) this.attempts.shift();
  }

  /** Earliest time another attempt is allowed (≤ max in any window). */
  nextAllowed(now: number): number {
    if (this.attempts.length < this.max) return now;
    const oldest = this.attempts[this.attempts.length - this.max]!;
    return Math.max(now, oldest + this.windowMs + 1);
  }

  /** Delay after the n-th consecutive rejection: 5 s, 15 s, 45 s, 2¼ min, then 5 min. */
  delayAfter(rejections: number): number {
    return Math.min(this.capMs, this.firstDelayMs * 3 ** Math.max(0, rejections - 1));
  }
}
