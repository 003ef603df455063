import os from 'node:os';
import type { TunnelEvent } from '../tunnels/events';
import { minutesFor, type AlertsConfig } from './config';
import type { DeliveryResult } from './destination';
import { outageMessage, type OutageFacts } from './message';
import { OutageWatch, type TunnelStatus } from './outage';
import { createOutboxes, sendTest, type DeliveryOptions } from './outboxes';
import type { DeliveryQueue } from './queue';

/**
 * The engine's alerts: watches its events, and when a tunnel stays down (or comes back after a
 * "down") hands a message to each destination's outbox. Everything here is synchronous up to the
 * outbox, which sends in the background: an alert can never delay or break a tunnel.
 */
export interface AlertSource {
  onEvent(listener: (event: TunnelEvent) => void): () => void;
  list(): TunnelStatus[];
}

export interface AttachAlertsOptions extends Omit<DeliveryOptions, 'now'> {
  config: AlertsConfig;
  now?: () => number;
  /** Length of a minute in ms (default 60 000): tests use thresholds of a fraction of a second. */
  minuteMs?: number;
}

export interface AlertsHandle {
  /** A test message to every destination now (one try each; counts toward the hourly limit). */
  test(): Promise<DeliveryResult[]>;
  /**
   * An edited config: new thresholds apply to outages in progress; the outboxes (and their
   * hourly counts) are rebuilt only when a destination or the limit changed.
   */
  update(config: AlertsConfig): void;
  close(): Promise<void>;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export function attachAlerts(engine: AlertSource, options: AttachAlertsOptions): AlertsHandle {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  const host = options.host ?? os.hostname();
  let config = options.config;
  let outboxes: DeliveryQueue[] = createOutboxes(config, { ...options, now, log });
  const watch = new OutageWatch({
    minutesFor: (profile) => minutesFor(config, profile),
    minuteMs: options.minuteMs ?? 60_000,
    now,
  });
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const send = (facts: OutageFacts) => {
    const message = outageMessage(facts, host, now());
    for (const outbox of outboxes) outbox.push(message);
  };

  /** One timer, for the next "down" due; re-armed after every change. */
  const arm = () => {
    clearTimeout(timer);
    timer = undefined;
    const next = watch.nextDue();
    if (closed || next === undefined) return;
    timer = setTimeout(fire, Math.min(Math.max(0, next - now()), MAX_TIMER_MS));
    // The engine's server keeps the process alive; a pending alert alone must not.
    timer.unref();
  };
  const fire = () => {
    guarded(() => watch.due().forEach(send));
    arm();
  };
  /** An exception here would surface in the tunnel service's emitter: log it instead. */
  const guarded = (work: () => void) => {
    try {
      work();
    } catch (error) {
      log(`alerts: ${(error as Error).message}`);
    }
  };

  const nameOf = (profile: string) =>
    engine.list().find((t) => t.profile === profile)?.name ?? profile;

  guarded(() => {
    for (const tunnel of engine.list()) watch.observe(tunnel);
  });
  arm();
  const unsubscribe = engine.onEvent((event) => {
    if (closed || event.type !== 'state') return;
    guarded(() => {
      const up = watch.observe({
        profile: event.profile,
        name: nameOf(event.profile),
        state: event.state,
        ...(event.cause ? { cause: event.cause } : {}),
        ...(event.detail ? { detail: event.detail } : {}),
      });
      if (up) send(up);
    });
    arm();
  });

  return {
    test: () => sendTest(outboxes, { now, host }),
    update(next) {
      const changed =
        JSON.stringify([next.webhook, next.email, next.maxPerHour]) !==
        JSON.stringify([config.webhook, config.email, config.maxPerHour]);
      config = next;
      if (changed) {
        const old = outboxes;
        outboxes = createOutboxes(config, { ...options, now, log });
        void Promise.all(old.map((o) => o.close()));
      }
      arm();
    },
    async close() {
      closed = true;
      unsubscribe();
      clearTimeout(timer);
      await Promise.all(outboxes.map((o) => o.close()));
    },
  };
}
