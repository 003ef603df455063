import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachAlerts, type AlertsConfig } from '../../../main/core/alerts';
import { createSecretResolver } from '../../../main/core/auth/secrets/store';
import { FakeEngine } from './fake-engine';
import {
  selfSignedCert,
  startSmtpSink,
  startWebhookReceiver,
  until,
  type SmtpSink,
  type WebhookReceiver,
} from './receivers';

/**
 * E-mail through a real SMTP server on 127.0.0.1 that offers STARTTLS with a certificate made
 * for the test, trusted through `caFile` (verification stays on). The password comes from an
 * `env:` reference, resolved the way the engine resolves it.
 */
const PASSWORD = 'correct horse battery staple 7f3a';
const ENV_NAME = 'TK_TEST_SMTP_PASSWORD';

describe('alerts by e-mail (SMTP with STARTTLS)', () => {
  let dir: string;
  let cert: { keyFile: string; certFile: string };
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tk-alerts-smtp-'));
    cert = selfSignedCert(dir);
    sink = await startSmtpSink({ ...cert, user: 'tunnelkeeper', password: PASSWORD });
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await sink?.close();
    await receiver?.close();
  });

  const config = (overrides: Partial<NonNullable<AlertsConfig['email']>> = {}): AlertsConfig => ({
    afterMinutes: 1,
    maxPerHour: 20,
    email: {
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      requireTLS: true,
      caFile: cert.certFile,
      user: 'tunnelkeeper',
      passwordRef: `env:${ENV_NAME}`,
      from: 'tunnelkeeper@example.com',
      to: ['ops@example.com', 'oncall@example.com'],
      ...overrides,
    },
  });

  it('"down" arrives once over STARTTLS, logged in with the env: password, which no log shows', async () => {
    const logs: string[] = [];
    const engine = new FakeEngine({ lic: 'ANSYS license' });
    const before = sink.mails.length;
    const alerts = attachAlerts(engine, {
      config: config(),
      resolveSecret: createSecretResolver(undefined, { [ENV_NAME]: PASSWORD }),
      log: (m) => logs.push(m),
      minuteMs: 100,
      retryDelaysMs: [10],
      host: 'pc-42',
    });
    try {
      engine.emit('lic', 'waiting', 'keepalive-timeout', 'no answer');
      await until(() => sink.mails.length === before + 1, 'the mail');
      engine.emit('lic', 'connecting');
      engine.emit('lic', 'waiting', 'keepalive-timeout');
      await new Promise((r) => setTimeout(r, 400));
      expect(sink.mails).toHaveLength(before + 1);
      const mail = sink.mails.at(-1)!;
      expect(mail).toMatchObject({
        from: 'tunnelkeeper@example.com',
        to: ['ops@example.com', 'oncall@example.com'],
        secure: true,
        user: 'tunnelkeeper',
        subject: "Tunnelkeeper: 'ANSYS license' down (keepalive-timeout)",
      });
      expect(mail.body).toContain(
        "Tunnel 'ANSYS license' on pc-42 has been down for 1 min (keepalive-timeout): no answer\n" +
          'pc-42 のトンネル「ANSYS license」が 1 分間切断されています（keepalive-timeout）\n',
      );
      expect(mail.body).toContain('profile: lic\nstate: waiting\ncause: keepalive-timeout');
      expect(logs).toEqual([
        expect.stringMatching(/'down' for lic sent to email 127\.0\.0\.1:\d+$/),
      ]);
    } finally {
      await alerts.close();
    }
  });

  it('a refused login is retried, then given up; the password is in no log even when the server repeats it', async () => {
    const logs: string[] = [];
    const failuresBefore = sink.authFailures;
    const engine = new FakeEngine({ lic: 'L' });
    const wrong = 'wrong-password-91c2';
    const alerts = attachAlerts(engine, {
      config: config(),
      resolveSecret: createSecretResolver(undefined, { [ENV_NAME]: wrong }),
      log: (m) => logs.push(m),
      minuteMs: 50,
      retryDelaysMs: [10, 10],
    });
    try {
      engine.emit('lic', 'waiting', 'tcp-refused');
      await until(() => logs.some((l) => l.includes('given up')), 'giving up');
      expect(sink.authFailures - failuresBefore).toBe(3);
      expect(logs).toHaveLength(3);
      expect(logs[2]).toMatch(/given up after 3 tries: Invalid login: .*login refused/);
      expect(logs.join('\n')).toContain('[redacted]');
      expect(logs.join('\n')).not.toContain(wrong);
    } finally {
      await alerts.close();
    }
  });

  it('a missing secret and an untrusted certificate fail clearly, without sending in clear', async () => {
    const logs: string[] = [];
    const before = sink.mails.length;
    const missing = attachAlerts(new FakeEngine({}), {
      config: config(),
      resolveSecret: createSecretResolver(undefined, {}),
      log: (m) => logs.push(m),
    });
    const untrusted = attachAlerts(new FakeEngine({}), {
      config: config({ caFile: undefined }),
      resolveSecret: createSecretResolver(undefined, { [ENV_NAME]: PASSWORD }),
      log: (m) => logs.push(m),
    });
    try {
      const [a] = await missing.test();
      expect(a).toMatchObject({ ok: false, attempts: 1 });
      expect(a!.error).toBe(`the SMTP password env:${ENV_NAME} is not available`);
      const [b] = await untrusted.test();
      expect(b).toMatchObject({ ok: false, attempts: 1 });
      expect(b!.error).toMatch(/self[- ]signed certificate/i);
      expect(sink.mails).toHaveLength(before);
      expect(logs.join('\n')).not.toContain(PASSWORD);
    } finally {
      await missing.close();
      await untrusted.close();
    }
  });

  it('requireTLS: a server without STARTTLS gets neither the login nor the message', async () => {
    const plain = await startSmtpSink({
      ...cert,
      user: 'tunnelkeeper',
      password: PASSWORD,
      plaintextOnly: true,
    });
    const alerts = attachAlerts(new FakeEngine({}), {
      config: config({ port: plain.port }),
      resolveSecret: createSecretResolver(undefined, { [ENV_NAME]: PASSWORD }),
    });
    try {
      const [result] = await alerts.test();
      expect(result).toMatchObject({ ok: false, attempts: 1 });
      expect(result!.error).toMatch(/STARTTLS/);
      expect(plain.mails).toHaveLength(0);
      expect(plain.authFailures).toBe(0);
    } finally {
      await alerts.close();
      await plain.close();
    }
  });

  it('test() sends one test message to each destination and says which arrived', async () => {
    const logs: string[] = [];
    const mailsBefore = sink.mails.length;
    const alerts = attachAlerts(new FakeEngine({}), {
      config: { ...config(), webhook: { url: receiver.url } },
      resolveSecret: createSecretResolver(undefined, { [ENV_NAME]: PASSWORD }),
      log: (m) => logs.push(m),
      host: 'pc-42',
    });
    try {
      const results = await alerts.test();
      expect(results).toEqual([
        {
          destination: expect.stringMatching(/^webhook http:\/\/127\.0\.0\.1:\d+$/),
          ok: true,
          attempts: 1,
        },
        { destination: expect.stringMatching(/^email 127\.0\.0\.1:\d+$/), ok: true, attempts: 1 },
      ]);
      expect(receiver.accepted().at(-1)).toMatchObject({ event: 'test', host: 'pc-42' });
      expect(sink.mails).toHaveLength(mailsBefore + 1);
      expect(sink.mails.at(-1)).toMatchObject({
        subject: 'Tunnelkeeper: test message',
        secure: true,
      });
      expect(sink.mails.at(-1)!.body).toContain('pc-42 の Tunnelkeeper からのテストメッセージ');
      expect(logs.join('\n')).not.toContain(PASSWORD);
    } finally {
      await alerts.close();
    }
  });
});
