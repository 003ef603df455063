import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileSchema, type ProfileInput } from '../../../main/core/config/profile';
import {
  CATALOGUE,
  renderMessage,
  runDiagnostics,
  type DiagnoseReport,
  type Message,
} from '../../../main/core/diagnostics';
import { runCli } from '../../helpers/cli';
import {
  closedPort,
  generateKey,
  sshdProfile,
  startHttpServer,
  tempDir,
  writeConfig,
  type Listening,
} from '../../helpers/diag-servers';
import { startSshd, type SshdHandle } from '../../helpers/sshd';

/**
 * Every check's evidence line carries a catalogue key and parameters (issue 20): rendered in
 * English it is the `detail` the CLI has always printed, rendered in Japanese it is Japanese.
 */
const FAST = { tcpTimeoutMs: 2_000, stepTimeoutMs: 3_000, totalTimeoutMs: 20_000 };
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function profile(overrides: Partial<ProfileInput>) {
  return ProfileSchema.parse({ id: 'p', name: 'n', host: '127.0.0.1', user: 'u', ...overrides });
}

/** Every key a message uses, nested ones included. */
function keysOf(message: Message): string[] {
  return [
    message.key,
    ...Object.values(message.params ?? {}).flatMap((value) =>
      (Array.isArray(value) ? value : [value]).flatMap((item) =>
        typeof item === 'object' ? keysOf(item) : [],
      ),
    ),
  ];
}

function expectWorded(report: DiagnoseReport): void {
  for (const check of report.checks) {
    expect(check.detailKey, check.id).toBeTypeOf('string');
    const message = { key: check.detailKey!, params: check.detailParams };
    for (const key of keysOf(message)) expect(Object.keys(CATALOGUE.en), key).toContain(key);
    expect(renderMessage(message, 'en'), check.id).toBe(check.detail);
    const ja = renderMessage(message, 'ja');
    expect(ja, check.id).not.toMatch(/\{\{/);
    // Japanese, unless the line is only evidence (a banner, `host → addresses`).
    const template = CATALOGUE.ja[message.key as keyof typeof CATALOGUE.ja];
    const words =
      message.key === 'detail.list' || /[^\s→:;,.()[\]]/.test(template.replace(/\{\{\w+\}\}/g, ''));
    if (words) expect(ja, `${check.id}: ${ja}`).toMatch(JAPANESE);
  }
}

let http: Listening;
let sshd: SshdHandle;
const dir = tempDir();

beforeAll(async () => {
  [http, sshd] = await Promise.all([startHttpServer(), startSshd()]);
});
afterAll(async () => {
  await Promise.all([http?.close(), sshd?.stop()]);
});

describe('check details', () => {
  it('a refused port: the screenshot’s lines, in both languages', async () => {
    const port = await closedPort();
    const report = await runDiagnostics(
      profile({
        port,
        forwards: [
          {
            id: 'R1055',
            type: 'remote',
            bindPort: 1055,
            targetHost: '127.0.0.1',
            targetPort: port,
          },
        ],
      }),
      FAST,
    );
    expectWorded(report);
    const [dns, tcp, banner] = report.checks;
    expect(dns?.detail).toBe('127.0.0.1 is an IP address (no lookup needed)');
    expect(renderMessage({ key: dns!.detailKey!, params: dns!.detailParams }, 'ja')).toBe(
      '127.0.0.1 は IP アドレスです(名前解決は不要です)',
    );
    expect(tcp?.detail).toBe(
      `127.0.0.1:${port}: connection refused (nothing listens there, or a firewall rejects) [ECONNREFUSED]`,
    );
    expect(banner?.detail).toBe('not run: the tcp check failed');
    expect(renderMessage({ key: banner!.detailKey!, params: banner!.detailParams }, 'ja')).toBe(
      '実行していません(「TCP 接続」のチェックが失敗したため)',
    );
  });

  it('an HTTP server on the SSH port: the advice says what answered in Japanese too', async () => {
    const report = await runDiagnostics(profile({ port: http.port }), FAST);
    expectWorded(report);
    expect(report.checks[2]?.detail).toMatch(/answered like an HTTP server, not SSH/);
    const advice = report.adviceKeys.find((a) => a.key === 'banner.wrongPort')!;
    expect(renderMessage(advice, 'en')).toContain('answers like an HTTP server');
    expect(renderMessage(advice, 'ja')).toContain('HTTP サーバーのように応答しています');
  });

  it('a healthy server and a refused login, every check worded', async () => {
    const healthy = await runDiagnostics(
      sshdProfile(sshd, {
        forwards: [
          {
            id: 'L1',
            type: 'local',
            bindPort: await closedPort(),
            targetHost: '127.0.0.1',
            targetPort: sshd.port,
          },
        ],
      }),
      FAST,
    );
    expect(healthy.cause).toBeNull();
    expectWorded(healthy);
    const stranger = generateKey(dir, 'stranger');
    const refused = await runDiagnostics(sshdProfile(sshd, { auth: { keyFile: stranger } }), FAST);
    expect(refused.cause).toBe('auth-rejected');
    expectWorded(refused);
  });

  it('diagnose --json adds detailKey and detailParams next to an unchanged detail', async () => {
    const config = writeConfig(dir, [
      sshdProfile(sshd, { id: 'healthy', name: 'Healthy' }),
      profile({ id: 'refused', port: await closedPort() }) as never,
    ]);
    const env = {
      LANG: 'en_US.UTF-8',
      LC_ALL: '',
      LC_MESSAGES: '',
      TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
      TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'runtime'),
    };
    const run = async (id: string, lang: string) =>
      JSON.parse(
        (
          await runCli(
            ['diagnose', '--config', config, '--profile', id, '--json', '--lang', lang],
            {
              env,
            },
          )
        ).stdout,
      ) as {
        checks: { detail: string; detailKey: string; detailParams?: Message['params'] }[];
        adviceKeys: { key: string; params?: Record<string, unknown> }[];
      };
    const en = await run('refused', 'en');
    const ja = await run('refused', 'ja');
    for (const [i, check] of en.checks.entries()) {
      expect(renderMessage({ key: check.detailKey, params: check.detailParams }, 'en')).toBe(
        check.detail,
      );
      // The language changes the advice, never the evidence: `detail` stays English.
      expect(ja.checks[i]?.detail).toBe(check.detail);
    }
    // adviceKeys keep their plain parameters (strings and numbers), as before.
    for (const item of en.adviceKeys)
      for (const value of Object.values(item.params ?? {}))
        expect(['string', 'number']).toContain(typeof value);
    expect((await run('healthy', 'en')).checks.every((c) => typeof c.detailKey === 'string')).toBe(
      true,
    );
  });

  it('the human report speaks Japanese with --lang ja, English details otherwise', async () => {
    const config = writeConfig(dir, [
      profile({ id: 'refused', port: await closedPort() }) as never,
    ]);
    const env = { LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    const args = ['diagnose', '--config', config, '--profile', 'refused'];
    const ja = await runCli([...args, '--lang', 'ja'], { env });
    expect(ja.stdout).toContain('127.0.0.1 は IP アドレスです(名前解決は不要です)');
    expect(ja.stdout).toContain('実行していません(「TCP 接続」のチェックが失敗したため)');
    const en = await runCli([...args, '--lang', 'en'], { env });
    expect(en.stdout).toContain('127.0.0.1 is an IP address (no lookup needed)');
    expect(en.stdout).not.toMatch(JAPANESE);
  });
});
