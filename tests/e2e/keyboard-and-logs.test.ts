import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as CSP } from '../../main/app/csp';
import { launchChromium } from '../helpers/browser';
import { PageBridge, type Handlers } from '../helpers/e2e-page-bridge';
import { emptyHandlers } from '../helpers/e2e-stub-bridge';
import { serveStatic } from '../helpers/static-server';

const TUNNEL = {
  id: 'lic',
  name: 'License proxy',
  state: 'connected',
  cause: null,
  detail: null,
  since: Date.now() - 3_600_000,
  nextRetryAt: null,
  forwards: [
    {
      id: 'R1055',
      type: 'remote',
      listen: '127.0.0.1:1055',
      target: 'licsrv:1055',
      state: 'active',
      cause: null,
      connections: { active: 1, total: 3, failed: 0 },
      bytesOut: 0,
      bytesIn: 0,
    },
  ],
  counters: { reconnects: 0, bytesIn: 0, bytesOut: 0 },
};

/** Keyboard-only use, and the log view under a flood, with a stub bridge (no core needed). */
describe('keyboard and log flood', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let bridge: PageBridge;
  let page: Page;

  beforeAll(async () => {
    server = await serveStatic('out/renderer', CSP);
    browser = await launchChromium();
    bridge = new PageBridge({
      ...emptyHandlers('en-US'),
      listTunnels: () => [TUNNEL],
      listProfiles: () => [],
    } as Handlers);
    page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    await bridge.attach(page);
    await page.goto(server.url);
    await page.getByTestId('tunnel-row').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const focused = () =>
    page.evaluate(() => ({
      text: document.activeElement?.textContent ?? '',
      // Fluent marks keyboard focus so its focus ring shows (and only then).
      ring: document.activeElement?.hasAttribute('data-fui-focus-visible') ?? false,
    }));

  it('reaches and opens the tunnel form with the keyboard alone, focus visible', async () => {
    let found = false;
    for (let n = 0; n < 15 && !found; n += 1) {
      await page.keyboard.press('Tab');
      const now = await focused();
      found = now.text === 'Add tunnel';
      if (found) expect(now.ring).toBe(true);
    }
    expect(found).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await focused()).text).toBe('Add tunnel');
  });

  it('returns focus to the Troubleshoot button when the panel closes', async () => {
    const button = page.getByTestId('tunnel-row').getByRole('button', { name: 'Troubleshoot' });
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('troubleshoot-panel').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('troubleshoot-panel').waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Troubleshoot');
  });

  it('stays responsive while thousands of log lines arrive per second', async () => {
    await page.getByRole('tab', { name: 'Logs' }).click();
    await page.getByTestId('log-list').waitFor();
    // Measures the longest gap between animation frames while the flood runs.
    await page.evaluate(() => {
      const w = window as unknown as { __gap: number; __last: number; __run: boolean };
      w.__gap = 0;
      w.__last = performance.now();
      w.__run = true;
      const tick = (now: number) => {
        w.__gap = Math.max(w.__gap, now - w.__last);
        w.__last = now;
        if (w.__run) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const started = Date.now();
    let sent = 0;
    // 20 000 lines in about 2 s, in the bursts main sends them in.
    while (sent < 20_000) {
      const batch = Array.from({ length: 200 }, (_, i) => ({
        tunnelId: 'lic',
        time: Date.now(),
        level: i % 10 === 0 ? 'debug' : 'info',
        message: `Inbound: CHANNEL_DATA (r:${sent + i}, 16384 bytes)`,
      }));
      await bridge.emit('onLogLine', ...batch);
      sent += batch.length;
      await page.waitForTimeout(15);
    }
    const floodMs = Date.now() - started;
    await page.waitForTimeout(300);
    const gap = await page.evaluate(() => {
      const w = window as unknown as { __gap: number; __run: boolean };
      w.__run = false;
      return w.__gap;
    });
    const count = await page.getByTestId('log-count').innerText();
    expect(count).toBe('5000 of 5000 lines');
    expect(await page.getByTestId('log-line').count()).toBeLessThan(80);
    expect(await page.getByTestId('log-line').last().innerText()).toContain('r:19999,');
    // Lenient on a shared CI core: no frame held up for long.
    expect(gap, `flood of ${sent} lines took ${floodMs} ms`).toBeLessThan(500);
  });
});
