import os from 'node:os';
import type { AlertsConfig } from './config';
import type { DeliveryResult } from './destination';
import { emailDestination, type ResolveSecret } from './email';
import { testMessage } from './message';
import { DeliveryQueue } from './queue';
import { RateLimit } from './rate-limit';
import { RETRY_DELAYS_MS } from './retry';
import { webhookDestination } from './webhook';

/** How messages leave: shared by the engine's alerts and `tunnelkeeper alert test`. */
export interface DeliveryOptions {
  resolveSecret: ResolveSecret;
  log?: (message: string) => void;
  now?: () => number;
  /** Waits between tries (default 1 s, 5 s, 30 s). */
  retryDelaysMs?: readonly number[];
  webhookTimeoutMs?: number;
  smtpTimeoutMs?: number;
  /** Outbox size per destination. */
  maxQueued?: number;
  /** The machine named in messages (default: this host's name). */
  host?: string;
}

/** One outbox per configured destination, each with its own hourly limit. */
export function createOutboxes(config: AlertsConfig, options: DeliveryOptions): DeliveryQueue[] {
  const now = options.now ?? Date.now;
  const queue = (destination: DeliveryQueue['destination']) =>
    new DeliveryQueue(destination, {
      limit: new RateLimit(config.maxPerHour, now),
      retryDelaysMs: options.retryDelaysMs ?? RETRY_DELAYS_MS,
      maxQueued: options.maxQueued,
      log: options.log ?? (() => undefined),
    });
  const outboxes: DeliveryQueue[] = [];
  if (config.webhook)
    outboxes.push(
      queue(webhookDestination(config.webhook, { timeoutMs: options.webhookTimeoutMs })),
    );
  if (config.email)
    outboxes.push(
      queue(
        emailDestination(config.email, {
          resolveSecret: options.resolveSecret,
          timeoutMs: options.smtpTimeoutMs,
        }),
      ),
    );
  return outboxes;
}

/** A test message to each destination, one try each, answered together. */
export function sendTest(
  outboxes: readonly DeliveryQueue[],
  options: Pick<DeliveryOptions, 'now' | 'host'>,
): Promise<DeliveryResult[]> {
  const message = testMessage(options.host ?? os.hostname(), (options.now ?? Date.now)());
  return Promise.all(outboxes.map((o) => o.sendNow(message)));
}

/** `tunnelkeeper alert test`: without an engine, straight from the config. */
export async function sendTestAlert(
  config: AlertsConfig,
  options: DeliveryOptions,
): Promise<DeliveryResult[]> {
  const outboxes = createOutboxes(config, options);
  try {
    return await sendTest(outboxes, options);
  } finally {
    await Promise.all(outboxes.map((o) => o.close()));
  }
}
