import { z } from 'zod';

/**
 * The config's optional `alerts` section: where "tunnel down" / "back up" messages go. Plain zod
 * only, because config/schema.ts (and through it contract/) imports it. Like profiles, the SMTP
 * password is a reference (`env:NAME` or a stored secret), never the password itself.
 */
export const DEFAULT_ALERT_AFTER_MINUTES = 5;
export const DEFAULT_ALERTS_PER_HOUR = 20;

const Text = z.string().min(1);
const Email = z.email();

/** zod checks the protocol; the pattern puts the same rule into the published JSON Schema. */
const HttpUrl = z
  .url({ protocol: /^https?$/ })
  .regex(/^https?:\/\//i, 'must be an http:// or https:// URL');

export const WebhookSchema = z.strictObject({
  url: HttpUrl.describe(
    'Incoming webhook (Slack, Microsoft Teams, or any receiver): a JSON POST with event, profile, name, state, cause, detail, since and a `text` both Slack and Teams show.',
  ),
});

export const EmailSchema = z
  .strictObject({
    host: Text.describe('SMTP server.'),
    port: z.int().min(1).max(65535).default(587),
    secure: z
      .boolean()
      .default(false)
      .describe(
        'TLS from the first byte (port 465). false: plain connection upgraded by STARTTLS.',
      ),
    requireTLS: z
      .boolean()
      .default(true)
      .describe(
        'Refuse to send unless STARTTLS succeeds (so credentials and text never cross in clear).',
      ),
    caFile: Text.optional().describe(
      "PEM file of the CA that signed the SMTP server's certificate (a company CA); relative to the config file. Default: the system's trusted CAs.",
    ),
    user: Text.optional().describe('SMTP login; needs passwordRef.'),
    passwordRef: Text.optional().describe(
      'Name of the SMTP password kept in the OS secret store (env:NAME reads an environment variable). Never the password itself.',
    ),
    from: Email,
    to: z.array(Email).min(1),
  })
  .refine((e) => (e.user === undefined) === (e.passwordRef === undefined), {
    message: 'user and passwordRef go together (both or neither)',
    path: ['passwordRef'],
  });

export const AlertsSchema = z.strictObject({
  afterMinutes: z
    .int()
    .min(1)
    .max(10080)
    .default(DEFAULT_ALERT_AFTER_MINUTES)
    .describe(
      'Send "down" once a tunnel that should run has not been connected for this long (waiting, failed, degraded, reconnecting; stopped by the user does not count). A profile may override it (alertAfterMinutes).',
    ),
  maxPerHour: z
    .int()
    .min(1)
    .max(1000)
    .default(DEFAULT_ALERTS_PER_HOUR)
    .describe(
      'At most this many messages per destination in any hour; the rest are dropped (logged).',
    ),
  webhook: WebhookSchema.optional(),
  email: EmailSchema.optional(),
});

/** Per profile: minutes before "down", 0 = never alert for this profile. */
export const AlertAfterMinutesSchema = z
  .int()
  .min(0)
  .max(10080)
  .optional()
  .describe('Overrides alerts.afterMinutes for this profile; 0 turns its alerts off.');

export type AlertsSection = z.infer<typeof AlertsSchema>;
export type AlertsSectionInput = z.input<typeof AlertsSchema>;
export type WebhookConfig = z.infer<typeof WebhookSchema>;
export type EmailConfig = z.infer<typeof EmailSchema>;
