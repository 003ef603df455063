import { VERSION } from '../version';
import type { Destination } from './destination';
import type { AlertMessage } from './message';
import type { WebhookConfig } from './schema';

/**
 * A JSON POST. `text` is what Slack incoming webhooks and Microsoft Teams' connector cards
 * show; both ignore the other fields, which are there for any receiver that routes by profile,
 * event or cause. The lines are separated by a blank line: Teams renders `text` as Markdown,
 * where a single newline does not break the line.
 */
export function webhookPayload(message: AlertMessage): Record<string, unknown> {
  const { subject: _subject, lines, ...fields } = message;
  return { source: 'tunnelkeeper', ...fields, text: lines.join('\n\n') };
}

export const WEBHOOK_TIMEOUT_MS = 10_000;

export function webhookDestination(
  config: WebhookConfig,
  options: { timeoutMs?: number } = {},
): Destination {
  const url = new URL(config.url);
  const label = `webhook ${url.origin}`;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return {
    label,
    async send(message, signal) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': `Tunnelkeeper/${VERSION}`,
          },
          body: JSON.stringify(webhookPayload(message)),
          // A redirect would send the message somewhere the config does not name.
          redirect: 'error',
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch (error) {
        throw new Error(describeFetchError(error, timeoutMs));
      }
      // The body is not needed; dropping it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    },
  };
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (e?.name === 'AbortError') return 'cancelled';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
