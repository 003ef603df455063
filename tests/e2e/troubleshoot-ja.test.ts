import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as CSP } from '../../main/app/csp';
import { emptyConfig, ProfileSchema } from '../../main/core/config/profile';
import { launchChromium } from '../helpers/browser';
import { createCoreBridge, type CoreBridge } from '../helpers/e2e-core-bridge';
import { PageBridge } from '../helpers/e2e-page-bridge';
import { closedPort, startHttpServer, type Listening } from '../helpers/diag-servers';
import { serveStatic } from '../helpers/static-server';
import { startEchoServer, type TargetServer } from '../helpers/targets';

const SCREENSHOTS = 'test-results/screenshots';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/**
 * The Troubleshoot panel in a Japanese window against the real core (issue 20): every check's
 * evidence line is Japanese, and only text from outside (the OS's or a server's words) stays as
 * it came, marked English.
 */
describe('troubleshooting in Japanese, end to end', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let core: CoreBridge;
  let page: Page;
  let http: Listening;
  let license: TargetServer;
  const errors: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-e2e-troubleshoot-ja-'));

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [http, license] = await Promise.all([startHttpServer(), startEchoServer()]);
    const profile = async (id: string, name: string, port: number) =>
      ProfileSchema.parse({
        id,
        name,
        host: '127.0.0.1',
        port,
        user: 'rescale',
        auth: { agent: false },
        forwards: [
          {
            id: 'R1055',
            type: 'remote',
            bindPort: 1055,
            targetHost: '127.0.0.1',
            targetPort: license.port,
          },
          {
            id: 'L13389',
            type: 'local',
            bindPort: await closedPort(),
            targetHost: '127.0.0.1',
            targetPort: 3389,
          },
        ],
      });
    core = createCoreBridge({
      dir,
      locale: 'ja-JP',
      config: {
        ...emptyConfig(),
        profiles: [
          await profile('refused', 'ライセンス転送(本社)', await closedPort()),
          await profile('web', 'Web サーバーに接続', http.port),
        ],
      },
    });
    const bridge = new PageBridge(core.handlers);
    core.connect(bridge);
    server = await serveStatic('out/renderer', CSP);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1180, height: 1100 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await bridge.attach(page);
    await page.goto(server.url);
    await page.getByTestId('tunnel-row').first().waitFor();
  });

  afterAll(async () => {
    await core?.close();
    await browser?.close();
    await server?.close();
    await Promise.all([http?.close(), license?.close()]);
  });

  /** Each check's line without the evidence from outside, and that evidence. */
  async function details(): Promise<{ id: string; text: string; verbatim: string[] }[]> {
    return page.getByTestId('diag-step').evaluateAll((steps) =>
      steps.map((step) => {
        const detail = step.querySelector('[data-testid="diag-detail"]');
        const copy = detail?.cloneNode(true) as HTMLElement | undefined;
        const verbatim = Array.from(copy?.querySelectorAll('[data-verbatim]') ?? []).map((v) => {
          const text = v.textContent ?? '';
          v.remove();
          return text;
        });
        return {
          id: step.getAttribute('data-step') ?? '',
          text: copy?.textContent ?? '',
          verbatim,
        };
      }),
    );
  }

  async function troubleshoot(name: string): Promise<void> {
    const row = page.getByTestId('tunnel-row').filter({ hasText: name });
    await row.getByRole('button', { name: 'トラブルシュート' }).click();
    await page.locator('[data-testid="diag-step"][data-step="targets"]').waitFor();
    await page.getByTestId('diag-advice').waitFor();
  }

  it('says every check of a refused port in Japanese', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await troubleshoot('ライセンス転送(本社)');
    const lines = await details();
    expect(lines.map((l) => l.id)).toEqual([
      'dns',
      'tcp',
      'banner',
      'kex',
      'hostkey',
      'auth',
      'forwards',
      'targets',
    ]);
    for (const line of lines) expect(line.text, line.id).toMatch(JAPANESE);
    expect(lines[0]?.text).toBe('127.0.0.1 は IP アドレスです(名前解決は不要です)');
    expect(lines[1]?.text).toMatch(/^127\.0\.0\.1:\d+: 接続が拒否されました.*\[ECONNREFUSED\]$/);
    expect(lines[2]?.text).toBe('実行していません(「TCP 接続」のチェックが失敗したため)');
    expect(lines[7]?.text).toContain('(ラベルなし、このマシンから): 応答があります');
    expect(lines.flatMap((l) => l.verbatim)).toEqual([]);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}/troubleshoot-details-ja.png` });
    await page.getByRole('button', { name: '閉じる' }).click();
  });

  it('names what answered instead of SSH in Japanese, the server’s own words as evidence', async () => {
    await troubleshoot('Web サーバーに接続');
    const lines = await details();
    const banner = lines.find((l) => l.id === 'banner')!;
    expect(banner.text).toMatch(/SSH ではなく HTTP サーバーのように応答しました/);
    expect(banner.verbatim.join(' ')).toMatch(/^"HTTP\/1\.1/);
    for (const line of lines) expect(line.text, line.id).toMatch(JAPANESE);
    expect(await page.getByTestId('diag-advice').innerText()).toContain('HTTP サーバーのように');
    await page.screenshot({ path: `${SCREENSHOTS}/troubleshoot-not-ssh-ja.png` });
    expect(errors).toEqual([]);
  });
});
