import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertsConfigOf, minutesFor } from '../../../main/core/alerts';
import { ConfigError, parseConfig } from '../../../main/core/config/profile';

const profile = { id: 'lic', name: 'ANSYS license', host: 'h', user: 'u' };

function parse(alerts: unknown, extra: object = {}) {
  return parseConfig(JSON.stringify({ version: 1, profiles: [{ ...profile, ...extra }], alerts }))
    .document;
}

function issues(alerts: unknown, extra: object = {}): string[] {
  try {
    parse(alerts, extra);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('the alerts section of the config', () => {
  it('is optional, and every existing document still parses unchanged', () => {
    const doc = parseConfig(JSON.stringify({ version: 1, profiles: [profile] })).document;
    expect(doc.alerts).toBeUndefined();
    expect(doc.profiles[0]!.alertAfterMinutes).toBeUndefined();
    expect(alertsConfigOf(doc)).toBeUndefined();
  });

  it('fills defaults (5 min, 20 per hour, SMTP 587 with STARTTLS required)', () => {
    const doc = parse({
      webhook: { url: 'https://hooks.slack.com/services/T/B/x' },
      email: { host: 'smtp.example.com', from: 'tk@example.com', to: ['ops@example.com'] },
    });
    expect(doc.alerts).toEqual({
      afterMinutes: 5,
      maxPerHour: 20,
      webhook: { url: 'https://hooks.slack.com/services/T/B/x' },
      email: {
        host: 'smtp.example.com',
        port: 587,
        secure: false,
        requireTLS: true,
        from: 'tk@example.com',
        to: ['ops@example.com'],
      },
    });
  });

  it('accepts only http(s) webhook URLs', () => {
    for (const url of ['ftp://x.example/h', 'javascript:alert(1)', 'file:///etc/passwd', 'nope'])
      expect(issues({ webhook: { url } }), url).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\.alerts\.webhook\.url: /)]),
      );
    expect(issues({ webhook: { url: 'http://127.0.0.1:8080/hook' } })).toEqual([]);
  });

  it('validates the e-mail addresses, and wants user and passwordRef together', () => {
    const email = { host: 'smtp.example.com', from: 'tk@example.com', to: ['ops@example.com'] };
    expect(issues({ email: { ...email, from: 'not-an-address' } })).toEqual([
      expect.stringMatching(/^\.alerts\.email\.from: /),
    ]);
    expect(issues({ email: { ...email, to: ['ok@example.com', 'x@'] } })).toEqual([
      expect.stringMatching(/^\.alerts\.email\.to\[1\]: /),
    ]);
    expect(issues({ email: { ...email, to: [] } })).toHaveLength(1);
    expect(issues({ email: { ...email, user: 'tk' } })).toEqual([
      expect.stringMatching(/^\.alerts\.email\.passwordRef: user and passwordRef go together/),
    ]);
    expect(issues({ email: { ...email, password: 'hunter2' } })).toEqual([
      expect.stringMatching(/^\.alerts\.email: .*password/),
    ]);
  });

  it('a profile may override the threshold (0: no alerts); it must be a whole number', () => {
    const doc = parse(
      { webhook: { url: 'https://x.example/h' }, afterMinutes: 10 },
      {
        alertAfterMinutes: 2,
      },
    );
    const config = alertsConfigOf(doc)!;
    expect(minutesFor(config, 'lic')).toBe(2);
    expect(minutesFor(config, 'other')).toBe(10);
    expect(issues({}, { alertAfterMinutes: 1.5 })).toHaveLength(1);
    expect(issues({}, { alertAfterMinutes: -1 })).toHaveLength(1);
    expect(
      minutesFor(
        alertsConfigOf(
          parse({ webhook: { url: 'https://x.example/h' } }, { alertAfterMinutes: 0 }),
        )!,
        'lic',
      ),
    ).toBe(0);
  });

  it('no destination means no alerts; caFile is read next to the config file', () => {
    expect(alertsConfigOf(parse({ afterMinutes: 3 }))).toBeUndefined();
    const email = {
      host: 'smtp.example.com',
      from: 'tk@example.com',
      to: ['ops@example.com'],
      caFile: 'certs/ca.pem',
    };
    const config = alertsConfigOf(parse({ email }), '/etc/tk/config.json')!;
    expect(config.email!.caFile).toBe(path.resolve('/etc/tk/certs/ca.pem'));
  });
});
