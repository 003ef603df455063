/**
 * At most `max` messages per destination in any sliding hour: a tunnel (or twenty) flapping for
 * a day must not flood a channel or get the sender's address blocked. A sliding window rather
 * than a fixed hour, so no burst of 2 × max can straddle an hour boundary.
 */
export const HOUR_MS = 60 * 60 * 1000;

export class RateLimit {
  private sent: number[] = [];

  constructor(
    private readonly max: number,
    private readonly now: () => number,
    private readonly windowMs = HOUR_MS,
  ) {}

  /** Takes one slot if one is free. */
  take(): boolean {
    const now = this.now();
    this.sent = this.sent.filter((t) => now - t < this.windowMs);
    if (this.sent.length >= this.max) return false;
    this.sent.push(now);
    return true;
  }
}
