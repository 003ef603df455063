import { describe, expect, it } from 'vitest';
import type { Destination } from '../../../main/core/alerts/destination';
import { testMessage } from '../../../main/core/alerts/message';
import { DeliveryQueue } from '../../../main/core/alerts/queue';
import { HOUR_MS, RateLimit } from '../../../main/core/alerts/rate-limit';
import { withRetries } from '../../../main/core/alerts/retry';
import { until } from './receivers';

/** A destination that records and answers as told. */
function recorder(fail: (n: number) => string | undefined = () => undefined) {
  const sent: string[] = [];
  let n = 0;
  const destination: Destination = {
    label: 'fake',
    send: async (m) => {
      const error = fail(n++);
      if (error) throw new Error(error);
      sent.push(m.ts);
    },
  };
  return { sent, destination, tries: () => n };
}

describe('delivery', () => {
  it('the hourly limit is per destination and slides with the (injected) clock', async () => {
    let clock = 0;
    const logs: string[] = [];
    const { sent, destination } = recorder();
    const queue = new DeliveryQueue(destination, {
      limit: new RateLimit(3, () => clock),
      retryDelaysMs: [],
      log: (m) => logs.push(m),
    });
    for (let i = 0; i < 5; i++) queue.push(testMessage('h', i));
    await until(() => sent.length === 3, 'three sent');
    expect(logs.filter((l) => l.includes('hourly limit'))).toHaveLength(2);
    clock = HOUR_MS - 1;
    queue.push(testMessage('h', 9));
    clock = HOUR_MS;
    queue.push(testMessage('h', 10));
    await until(() => sent.length === 4, 'one more after the hour');
    expect(sent.at(-1)).toBe(new Date(10).toISOString());
    await queue.close();
  });

  it('the outbox is bounded: what does not fit is dropped and logged', async () => {
    const logs: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const destination: Destination = { label: 'slow', send: () => gate };
    const queue = new DeliveryQueue(destination, {
      limit: new RateLimit(100, Date.now),
      retryDelaysMs: [],
      maxQueued: 2,
      log: (m) => logs.push(m),
    });
    // The first is taken out at once and is in flight; two wait; the rest do not fit.
    for (let i = 0; i < 6; i++) queue.push(testMessage('h', i));
    expect(logs.filter((l) => l.includes('outbox is full'))).toHaveLength(3);
    release();
    await queue.close();
  });

  it('retries after each delay and stops at the first success', async () => {
    const { sent, destination, tries } = recorder((n) => (n < 2 ? `HTTP 50${n}` : undefined));
    const failures: string[] = [];
    const outcome = await withRetries((s) => destination.send(testMessage('h', 0), s), {
      delaysMs: [5, 5, 5],
      signal: new AbortController().signal,
      onFailure: (e, attempt, wait) => failures.push(`${attempt}:${e}:${wait}`),
    });
    expect(outcome).toEqual({ ok: true, attempts: 3 });
    expect(tries()).toBe(3);
    expect(sent).toHaveLength(1);
    expect(failures).toEqual(['1:HTTP 500:5', '2:HTTP 501:5']);
  });

  it('closing ends a long retry wait at once', async () => {
    const { destination } = recorder(() => 'down');
    const logs: string[] = [];
    const queue = new DeliveryQueue(destination, {
      limit: new RateLimit(10, Date.now),
      retryDelaysMs: [60_000],
      log: (m) => logs.push(m),
    });
    queue.push(testMessage('h', 0));
    await until(() => logs.some((l) => l.includes('retrying in 60000 ms')), 'first failure');
    const started = Date.now();
    await queue.close();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
