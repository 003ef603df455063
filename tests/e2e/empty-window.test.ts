import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as CSP } from '../../main/app/csp';
import { launchChromium } from '../helpers/browser';
import { PageBridge } from '../helpers/e2e-page-bridge';
import { emptyHandlers } from '../helpers/e2e-stub-bridge';
import { serveStatic } from '../helpers/static-server';

const SCREENSHOTS = 'test-results/screenshots';

describe('the built renderer in headless Chromium, nothing configured', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await serveStatic('out/renderer', CSP);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openWithLocale(locale: string) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // Nothing configured: the methods the stub leaves out answer `unavailable`.
    await new PageBridge(emptyHandlers(locale)).attach(page);
    await page.goto(server.url);
    return { page, errors };
  }

  it('says that no tunnels are configured yet, in English', async () => {
    const { page, errors } = await openWithLocale('en-US');
    const empty = page.getByTestId('tunnels-empty');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('No tunnels are configured yet.');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('tab', { name: 'Settings' }).click();
    expect(await page.getByText('Version 9.9.9-test').count()).toBe(1);
    await page.screenshot({ path: `${SCREENSHOTS}/empty-en.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Japanese on a Japanese OS locale', async () => {
    const { page, errors } = await openWithLocale('ja-JP');
    const empty = page.getByTestId('tunnels-empty');
    await empty.waitFor();
    expect(await empty.innerText()).toContain('トンネルはまだ設定されていません。');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.screenshot({ path: `${SCREENSHOTS}/empty-ja.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
