import { readFile } from 'node:fs/promises';
import { redactSecrets } from '../auth/secrets/redact';
import type { Destination } from './destination';
import type { AlertMessage } from './message';
import type { EmailConfig } from './schema';

/**
 * E-mail over SMTP with nodemailer. STARTTLS is required by default (`requireTLS`), so the
 * login and the text never cross in clear; the password is resolved from its reference at each
 * send (an `env:` variable or the store may change while the engine runs) and kept nowhere.
 * One connection per message: alerts are rare, and a pooled connection would go stale.
 */
export const SMTP_TIMEOUT_MS = 20_000;

export type ResolveSecret = (ref: string) => Promise<string | undefined>;

export function emailBody(message: AlertMessage): string {
  const facts = (
    [
      ['profile', message.profile],
      ['state', message.state],
      ['cause', message.cause],
      ['detail', message.detail],
      ['since', message.since],
      ['host', message.host],
    ] as const
  ).flatMap(([key, value]) => (value === null ? [] : [`${key}: ${value}`]));
  return `${message.lines.join('\n')}\n\n${facts.join('\n')}\n`;
}

export function emailDestination(
  config: EmailConfig,
  options: { resolveSecret: ResolveSecret; timeoutMs?: number },
): Destination {
  const timeoutMs = options.timeoutMs ?? SMTP_TIMEOUT_MS;
  return {
    label: `email ${config.host}:${config.port}`,
    async send(message, signal) {
      let password: string | undefined;
      if (config.passwordRef) {
        password = await options.resolveSecret(config.passwordRef);
        if (password === undefined)
          throw new Error(`the SMTP password ${config.passwordRef} is not available`);
      }
      // Loaded when a mail is sent, not at start: ~45 ms of every CLI command's cold start.
      const { default: nodemailer } = await import('nodemailer');
      const transport = nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        requireTLS: config.requireTLS,
        ...(config.user ? { auth: { user: config.user, pass: password ?? '' } } : {}),
        ...(config.caFile ? { tls: { ca: await readFile(config.caFile, 'utf8') } } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        // nodemailer's own logger could print the AUTH exchange.
        logger: false,
        debug: false,
      });
      const abort = () => transport.close();
      signal.addEventListener('abort', abort, { once: true });
      try {
        await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: message.subject,
          text: emailBody(message),
        });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        throw new Error(redactSecrets(text, password ? [password] : []));
      } finally {
        signal.removeEventListener('abort', abort);
        transport.close();
      }
    },
  };
}
