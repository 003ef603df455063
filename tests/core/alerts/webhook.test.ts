import { afterEach, describe, expect, it } from 'vitest';
import { attachAlerts, type AlertsConfig, type AlertsHandle } from '../../../main/core/alerts';
import { FakeEngine } from './fake-engine';
import { sleep, startWebhookReceiver, until, type WebhookReceiver } from './receivers';

/**
 * attachAlerts against a real HTTP receiver on 127.0.0.1, fed events by hand. A "minute" is
 * shrunk to MINUTE ms (the injected minuteMs), so a 1-minute threshold passes in a blink.
 */
const MINUTE = 100;

describe('alerts to a webhook', () => {
  let receiver: WebhookReceiver | undefined;
  let alerts: AlertsHandle | undefined;
  afterEach(async () => {
    await alerts?.close();
    await receiver?.close();
    alerts = receiver = undefined;
  });

  function attach(
    engine: FakeEngine,
    logs: string[],
    extra: Partial<Parameters<typeof attachAlerts>[1]> = {},
  ) {
    const config: AlertsConfig = {
      afterMinutes: 1,
      maxPerHour: 20,
      webhook: { url: receiver!.url },
    };
    alerts = attachAlerts(engine, {
      config,
      resolveSecret: async () => undefined,
      log: (m) => logs.push(m),
      minuteMs: MINUTE,
      retryDelaysMs: [10, 20, 30],
      host: 'pc-42',
      ...extra,
    });
    return alerts;
  }

  it('one "down" per outage however it flaps, one "up" when it is back, then a new outage counts anew', async () => {
    receiver = await startWebhookReceiver();
    const engine = new FakeEngine({ lic: 'ANSYS license' });
    const logs: string[] = [];
    attach(engine, logs);
    engine.emit('lic', 'connecting');
    engine.emit('lic', 'waiting', 'keepalive-timeout', 'no answer to 2 keepalives');
    await until(() => receiver!.requests.length === 1, 'the down POST');
    const [down] = receiver.accepted();
    expect(receiver.requests[0]!.contentType).toMatch(/^application\/json/);
    expect(down).toMatchObject({
      source: 'tunnelkeeper',
      event: 'down',
      profile: 'lic',
      name: 'ANSYS license',
      state: 'waiting',
      cause: 'keepalive-timeout',
      detail: 'no answer to 2 keepalives',
      minutes: 1,
      host: 'pc-42',
    });
    expect(Date.parse(String(down!.since))).not.toBeNaN();
    expect(down!.text).toBe(
      "Tunnel 'ANSYS license' on pc-42 has been down for 1 min (keepalive-timeout): no answer to 2 keepalives\n\n" +
        'pc-42 のトンネル「ANSYS license」が 1 分間切断されています（keepalive-timeout）',
    );

    // Flapping inside the outage, for several thresholds' worth of time: nothing more.
    for (const state of ['connecting', 'authenticating', 'degraded', 'waiting'] as const) {
      engine.emit('lic', state, state === 'degraded' ? 'forward-refused' : undefined);
      await sleep(MINUTE);
    }
    expect(receiver.requests).toHaveLength(1);

    engine.emit('lic', 'connected');
    await until(() => receiver!.requests.length === 2, 'the up POST');
    expect(receiver.accepted()[1]).toMatchObject({
      event: 'up',
      profile: 'lic',
      state: 'connected',
    });
    expect(receiver.accepted()[1]!.text).toMatch(/^Tunnel 'ANSYS license' on pc-42 is back up/);
    expect(receiver.accepted()[1]!.since).toBe(down!.since);
    engine.emit('lic', 'connected');
    await sleep(3 * MINUTE);
    expect(receiver.requests).toHaveLength(2);

    engine.emit('lic', 'waiting', 'tcp-refused');
    await until(() => receiver!.requests.length === 3, 'the second outage');
    expect(receiver.accepted()[2]).toMatchObject({ event: 'down', cause: 'tcp-refused' });
    // The receiver records a request before it answers: the sender logs a moment later.
    const sent = () => logs.filter((l) => / sent to webhook http:\/\/127\.0\.0\.1:\d+$/.test(l));
    await until(() => sent().length === 3, 'three "sent" log lines');
    // The URL's path is its token: logs name the origin only.
    expect(logs.join('\n')).not.toContain('secret-token');
  });

  it('a short blip, a stopped tunnel and a tunnel already down at attach time', async () => {
    receiver = await startWebhookReceiver();
    const engine = new FakeEngine({ a: 'A', b: 'B', c: 'C' });
    engine.emit('c', 'failed', 'auth-rejected');
    const logs: string[] = [];
    attach(engine, logs);
    engine.emit('a', 'waiting', 'tcp-refused');
    engine.emit('a', 'connected'); // back before the threshold
    engine.emit('b', 'waiting', 'tcp-refused');
    engine.emit('b', 'stopped'); // the user stopped it
    await until(() => receiver!.requests.length >= 1, 'the down of c');
    await sleep(3 * MINUTE);
    expect(receiver.accepted().map((b) => `${b.event}:${b.profile}:${b.cause}`)).toEqual([
      'down:c:auth-rejected',
    ]);
  });

  it('500 then 200: retried with backoff, delivered once, logged', async () => {
    receiver = await startWebhookReceiver((n) => (n === 0 ? 500 : 200));
    const engine = new FakeEngine({ lic: 'ANSYS license' });
    const logs: string[] = [];
    attach(engine, logs);
    engine.emit('lic', 'waiting', 'tcp-refused');
    await until(() => receiver!.accepted().length === 1, 'the retried POST');
    await until(() => logs.some((l) => l.endsWith('(try 2)')), 'the "sent" log line');
    await sleep(3 * MINUTE);
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 200]);
    expect(receiver.accepted()[0]).toMatchObject({ event: 'down', profile: 'lic' });
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /'down' for lic to webhook .* failed \(try 1 of 4\): HTTP 500 .*retrying in 10 ms/,
        ),
        expect.stringMatching(/'down' for lic sent to webhook .* \(try 2\)$/),
      ]),
    );
  });

  it('a webhook that never answers: each try times out, retried, given up and logged; the event source is never held up', async () => {
    receiver = await startWebhookReceiver(() => 'hang');
    const engine = new FakeEngine({ lic: 'ANSYS license', other: 'Other' });
    const logs: string[] = [];
    attach(engine, logs, { webhookTimeoutMs: 150 });
    engine.emit('lic', 'waiting', 'tcp-refused');
    await until(() => receiver!.requests.length === 1, 'the first try');
    // While the receiver hangs, events keep flowing: each listener call returns at once.
    const took: number[] = [];
    for (let i = 0; i < 50; i++) {
      took.push(engine.emit('other', i % 2 ? 'waiting' : 'connecting', 'tcp-refused'));
      took.push(engine.emit('lic', i % 2 ? 'waiting' : 'connecting', 'tcp-refused'));
    }
    // Below the 150 ms timeout: no call can have waited for the webhook.
    expect(Math.max(...took)).toBeLessThan(100);
    await until(
      () => logs.some((l) => l.includes("'down' for lic to webhook") && l.includes('given up')),
      'giving up',
      15_000,
    );
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/failed \(try 1 of 4\): no answer within 150 ms; retrying in 10 ms/),
        expect.stringMatching(
          /'down' for lic to webhook .* given up after 4 tries: no answer within 150 ms/,
        ),
      ]),
    );
    // 4 tries for lic's "down", then the outbox goes on with other's.
    await until(() => receiver!.requests.length >= 5, "other's down");
    expect(receiver.requests.slice(0, 4).map((r) => r.body.profile)).toEqual([
      'lic',
      'lic',
      'lic',
      'lic',
    ]);
    expect(receiver.requests[4]!.body).toMatchObject({ event: 'down', profile: 'other' });
  });

  it('update(): a new threshold applies to the outage in progress; a new URL gets what follows', async () => {
    receiver = await startWebhookReceiver();
    const second = await startWebhookReceiver();
    try {
      const engine = new FakeEngine({ lic: 'L' });
      const handle = attach(engine, [], {});
      const base: AlertsConfig = { afterMinutes: 1, maxPerHour: 20 };
      handle.update({ ...base, afterMinutes: 1000, webhook: { url: receiver.url } });
      engine.emit('lic', 'waiting', 'tcp-refused');
      await sleep(3 * MINUTE);
      expect(receiver.requests).toHaveLength(0);
      handle.update({ ...base, webhook: { url: receiver.url } });
      await until(() => receiver!.requests.length === 1, 'the down after the update');
      handle.update({ ...base, webhook: { url: second.url } });
      engine.emit('lic', 'connected');
      await until(() => second.requests.length === 1, 'the up at the new URL');
      expect(second.requests[0]!.body).toMatchObject({ event: 'up', profile: 'lic' });
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('close() detaches from the engine and stops retrying at once', async () => {
    receiver = await startWebhookReceiver(() => 500);
    const engine = new FakeEngine({ lic: 'L' });
    const logs: string[] = [];
    const handle = attach(engine, logs, { retryDelaysMs: [60_000] });
    expect(engine.listenerCount).toBe(1);
    engine.emit('lic', 'waiting', 'tcp-refused');
    await until(() => receiver!.requests.length === 1, 'the first try');
    const started = Date.now();
    await handle.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(engine.listenerCount).toBe(0);
    alerts = undefined;
  });
});
