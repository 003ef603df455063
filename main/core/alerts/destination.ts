import type { AlertMessage } from './message';

/** Somewhere a message can go: a webhook or an SMTP server. */
export interface Destination {
  /** Names it in logs and results, never with a secret (a webhook URL's path is its token). */
  readonly label: string;
  /** Resolves when the receiver accepted the message; rejects with a message fit for a log. */
  send(message: AlertMessage, signal: AbortSignal): Promise<void>;
}

export interface DeliveryResult {
  destination: string;
  ok: boolean;
  attempts: number;
  error?: string;
}
