import type { DeliveryResult, Destination } from './destination';
import type { AlertMessage } from './message';
import type { RateLimit } from './rate-limit';
import { withRetries } from './retry';

/**
 * One destination's outbox: messages go one at a time, in order ("down" before its "up"), each
 * retried with backoff. `push` never waits and never throws, so a slow or dead receiver cannot
 * hold up the engine's event loop or a tunnel; the outbox is bounded, so a receiver that is gone
 * for a day costs a fixed amount of memory.
 */
export const MAX_QUEUED = 50;

export interface QueueOptions {
  limit: RateLimit;
  retryDelaysMs: readonly number[];
  maxQueued?: number;
  log: (message: string) => void;
}

const what = (m: AlertMessage) => (m.event === 'test' ? "'test'" : `'${m.event}' for ${m.profile}`);

export class DeliveryQueue {
  private readonly waiting: AlertMessage[] = [];
  private running: Promise<void> | undefined;
  /** Set and cleared synchronously by drain(), so a push can never fall between two drains. */
  private busy = false;
  private readonly stop = new AbortController();

  constructor(
    readonly destination: Destination,
    private readonly options: QueueOptions,
  ) {}

  push(message: AlertMessage): void {
    const { label } = this.destination;
    if (this.stop.signal.aborted) return;
    if (this.waiting.length >= (this.options.maxQueued ?? MAX_QUEUED)) {
      this.options.log(`alert ${what(message)} to ${label} dropped: the outbox is full`);
      return;
    }
    if (!this.options.limit.take()) {
      this.options.log(
        `alert ${what(message)} to ${label} dropped: hourly limit reached (alerts.maxPerHour)`,
      );
      return;
    }
    this.waiting.push(message);
    if (!this.busy) this.running = this.drain();
  }

  /** One try, now, past the outbox (a test must answer at once, not after queued retries). */
  async sendNow(message: AlertMessage): Promise<DeliveryResult> {
    const destination = this.destination.label;
    if (!this.options.limit.take())
      return { destination, ok: false, attempts: 0, error: 'hourly limit reached' };
    const outcome = await withRetries((signal) => this.destination.send(message, signal), {
      delaysMs: [],
      signal: this.stop.signal,
    });
    this.options.log(
      outcome.ok
        ? `alert ${what(message)} sent to ${destination}`
        : `alert ${what(message)} to ${destination} failed: ${outcome.error}`,
    );
    return { destination, ...outcome };
  }

  /** Drops what waits, ends retry waits and an SMTP exchange at once, awaits the send in flight. */
  async close(): Promise<void> {
    this.waiting.length = 0;
    this.stop.abort();
    await this.running;
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      for (let message = this.waiting.shift(); message; message = this.waiting.shift())
        await this.deliver(message);
    } finally {
      this.busy = false;
    }
  }

  private async deliver(m: AlertMessage): Promise<void> {
    const { label } = this.destination;
    const { log, retryDelaysMs } = this.options;
    const tries = retryDelaysMs.length + 1;
    const outcome = await withRetries((signal) => this.destination.send(m, signal), {
      delaysMs: retryDelaysMs,
      signal: this.stop.signal,
      onFailure: (error, attempt, retryInMs) => {
        if (retryInMs !== undefined)
          log(
            `alert ${what(m)} to ${label} failed (try ${attempt} of ${tries}): ${error}; retrying in ${retryInMs} ms`,
          );
      },
    });
    log(
      outcome.ok
        ? `alert ${what(m)} sent to ${label}${outcome.attempts > 1 ? ` (try ${outcome.attempts})` : ''}`
        : `alert ${what(m)} to ${label} given up after ${outcome.attempts} tries: ${outcome.error}`,
    );
  }
}
