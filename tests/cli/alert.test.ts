import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import {
  selfSignedCert,
  startSmtpSink,
  startWebhookReceiver,
  type SmtpSink,
  type WebhookReceiver,
} from '../core/alerts/receivers';

/**
 * `tunnelkeeper alert test` (the built CLI) against a webhook and an SMTP server (STARTTLS,
 * certificate trusted through caFile) on 127.0.0.1; the SMTP password comes from env:NAME.
 */
const PASSWORD = 'cli-secret-5d1e0b';

describe('tunnelkeeper alert test', () => {
  let dir: string;
  let sink: SmtpSink;
  let receiver: WebhookReceiver;
  let failing: WebhookReceiver;
  let certFile: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tk-cli-alert-'));
    const cert = selfSignedCert(dir);
    certFile = cert.certFile;
    sink = await startSmtpSink({ ...cert, user: 'tk', password: PASSWORD });
    receiver = await startWebhookReceiver();
    failing = await startWebhookReceiver(() => 503);
  });
  afterAll(async () => {
    await sink?.close();
    await receiver?.close();
    await failing?.close();
  });

  function config(name: string, alerts: object | undefined): string {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      JSON.stringify({ version: 1, profiles: [], ...(alerts ? { alerts } : {}) }),
    );
    return file;
  }
  const env = () => ({ TK_ALERT_PW: PASSWORD, TUNNELKEEPER_DATA_DIR: path.join(dir, 'data') });
  const email = () => ({
    host: '127.0.0.1',
    port: sink.port,
    // Relative: read next to the config file.
    caFile: path.basename(certFile),
    user: 'tk',
    passwordRef: 'env:TK_ALERT_PW',
    from: 'tunnelkeeper@example.com',
    to: ['ops@example.com'],
  });

  it('delivers one test message to the webhook and by e-mail, and says so', async () => {
    const file = config('both.json', { webhook: { url: receiver.url }, email: email() });
    const result = await runCli(['alert', 'test', '--config', file, '--json'], { env: env() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      ok: true,
      config: file,
      results: [
        {
          destination: expect.stringMatching(/^webhook http:\/\/127\.0\.0\.1:\d+$/),
          ok: true,
          attempts: 1,
        },
        { destination: expect.stringMatching(/^email 127\.0\.0\.1:\d+$/), ok: true, attempts: 1 },
      ],
    });
    expect(receiver.accepted()).toEqual([
      expect.objectContaining({ event: 'test', source: 'tunnelkeeper', host: os.hostname() }),
    ]);
    expect(String(receiver.accepted()[0]!.text)).toMatch(
      /^Test message from Tunnelkeeper on .+\n\n.+テストメッセージ/,
    );
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]).toMatchObject({ secure: true, user: 'tk', to: ['ops@example.com'] });
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('exit 1 with one line per destination when one does not take it', async () => {
    // The webhook answers 503; the e-mail still goes.
    const file = config('failing.json', { webhook: { url: failing.url }, email: email() });
    const result = await runCli(['alert', 'test', '--config', file], { env: env() });
    expect(result.code).toBe(1);
    expect(failing.requests).toHaveLength(1); // a test is one try: the answer comes at once
    expect(sink.mails).toHaveLength(2);
    expect(result.stdout).toMatch(
      /^FAIL {2}webhook http:\/\/127\.0\.0\.1:\d+: HTTP 503 Service Unavailable\nOK {4}email 127\.0\.0\.1:\d+\n$/,
    );
    expect(result.stderr).toBe(
      'tunnelkeeper: the test message did not reach 1 of 2 destination(s)\n',
    );
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  });

  it('exit 1 when the config has no alert destination, or an invalid one', async () => {
    const none = await runCli(['alert', 'test', '--config', config('none.json', undefined)], {
      env: env(),
    });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^tunnelkeeper: no alert destination in .*none\.json/);
    const bad = await runCli(
      ['alert', 'test', '--config', config('bad.json', { webhook: { url: 'ftp://x.example/h' } })],
      { env: env() },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/\.alerts\.webhook\.url: /);
  });
});
