import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as CSP } from '../../main/app/csp';
import { emptyConfig, ProfileSchema } from '../../main/core/config/profile';
import type { HistoryEntry } from '../../main/core/history';
import { launchChromium } from '../helpers/browser';
import { createCoreBridge, type CoreBridge } from '../helpers/e2e-core-bridge';
import { PageBridge } from '../helpers/e2e-page-bridge';
import { serveStatic } from '../helpers/static-server';
import { alive, start, state, stop, writeSegment } from '../core/history/fixture';

const SCREENSHOTS = 'test-results/screenshots';
const DOCS = 'docs/screenshots';
const ZONE = 'Asia/Tokyo';
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * A day and a bit of one tunnel's history, as an engine leaves it on disk, ending now: up all
 * along but for a keepalive timeout 9 h ago that took 12 minutes to get over (a refused
 * reconnect on the way), the machine off for an hour and a half last night (not monitored), a
 * lost connection 3 h ago, and stopped by the admin 25 minutes ago.
 */
function writeHistory(dir: string, now: number): { outageFrom: number; outageTo: number } {
  const at = (ms: number) => new Date(now - ms).toISOString();
  // The engine writes a heartbeat when idle; with an hour's beat a run stays "watching".
  const beats = (fromMs: number, toMs: number): HistoryEntry[] => {
    const out: HistoryEntry[] = [];
    for (let t = fromMs - HOUR; t > toMs; t -= HOUR) out.push(alive(at(t)));
    return out;
  };
  const outage = 9 * HOUR;
  writeSegment(dir, [
    start(at(30 * HOUR), HOUR),
    state(at(30 * HOUR), 'lic', 'connecting'),
    state(at(30 * HOUR - 2_000), 'lic', 'connected'),
    ...beats(30 * HOUR, 16 * HOUR),
    stop(at(16 * HOUR)),
  ]);
  writeSegment(dir, [
    start(at(14.5 * HOUR), HOUR),
    state(at(14.5 * HOUR), 'lic', 'connecting'),
    state(at(14.5 * HOUR - 3_000), 'lic', 'connected'),
    ...beats(14.5 * HOUR, outage),
    state(at(outage), 'lic', 'waiting', 'keepalive-timeout', 'no keepalive reply for 15 s'),
    state(at(outage - 4 * MIN), 'lic', 'connecting'),
    state(
      at(outage - 4 * MIN - 1_000),
      'lic',
      'waiting',
      'tcp-refused',
      'connect ECONNREFUSED 203.0.113.10:22',
    ),
    state(at(outage - 12 * MIN), 'lic', 'connected'),
    ...beats(outage - 12 * MIN, 3 * HOUR),
    state(at(3 * HOUR), 'lic', 'waiting', 'connection-lost', 'read ECONNRESET'),
    state(at(3 * HOUR - 40_000), 'lic', 'connected'),
    ...beats(3 * HOUR - 40_000, 25 * MIN),
    state(at(25 * MIN), 'lic', 'stopped'),
    alive(at(5 * MIN)),
  ]);
  return { outageFrom: now - outage, outageTo: now - outage + 12 * MIN };
}

/** A time of day as the window writes it, in the page's time zone (Tokyo), not in UTC. */
const clock = (at: number) =>
  new Intl.DateTimeFormat('en', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone: ZONE,
  }).format(at);

/** The availability strip in the built window over a real history folder and the app's adapter. */
describe('availability in the window', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let core: CoreBridge;
  let page: Page;
  let outage: { outageFrom: number; outageTo: number };
  const errors: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-e2e-availability-'));

  const setLanguage = async (language: 'en' | 'ja' | 'system') => {
    await (core.handlers.setSettings as unknown as (p: object) => Promise<unknown>)({ language });
    await page.waitForFunction(
      (l) => document.documentElement.lang === l,
      language === 'ja' ? 'ja' : 'en',
    );
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(DOCS, { recursive: true });
    const historyDir = path.join(dir, 'history');
    outage = writeHistory(historyDir, Math.floor(Date.now() / MIN) * MIN);
    core = createCoreBridge({
      dir,
      locale: 'en-US',
      historyDir,
      config: {
        ...emptyConfig(),
        profiles: [
          ProfileSchema.parse({
            id: 'lic',
            name: 'License proxy (ANSYS)',
            host: 'clp.tunnel.example.com',
            user: 'rescale',
            forwards: [
              {
                id: 'R1055',
                type: 'remote',
                label: 'ANSYS',
                bindPort: 1055,
                targetHost: 'licsrv',
                targetPort: 1055,
              },
            ],
          }),
        ],
      },
    });
    const bridge = new PageBridge(core.handlers);
    core.connect(bridge);
    server = await serveStatic('out/renderer', CSP);
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1180, height: 900 },
      reducedMotion: 'reduce',
      timezoneId: ZONE,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await bridge.attach(page);
    await page.goto(server.url);
    await page.getByTestId('tunnel-row').waitFor();
  });

  afterAll(async () => {
    await core?.close();
    await browser?.close();
    await server?.close();
  });

  it('draws the last 24 h with the outage, its uptime and the outages with their causes', async () => {
    const toggle = page.getByRole('button', { name: 'Availability' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const strip = page.getByRole('group', { name: 'Availability over the last 24 hours' });
    await strip.waitFor();
    const states = await page
      .getByTestId('availability-segment')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states).toEqual([
      'connected',
      'not-monitored',
      'connecting',
      'connected',
      'waiting',
      'connecting',
      'waiting',
      'connected',
      'waiting',
      'connected',
      'stopped',
    ]);
    // The widths are the shares of the day: the 90 minutes not monitored are 1/16 of it.
    const width = await page
      .locator('[data-testid="availability-segment"][data-state="not-monitored"]')
      .evaluate((el) => el.getBoundingClientRect().width);
    const whole = await strip.evaluate((el) => el.getBoundingClientRect().width);
    expect(width / whole).toBeCloseTo(1.5 / 24, 2);

    const uptime = await page.getByTestId('availability-uptime').innerText();
    expect(uptime).toMatch(/^9\d\.\d+%$/);
    // Newest first; the 3 s of connecting after the machine came back count too.
    const outages = page.getByTestId('outage');
    expect(await outages.count()).toBe(4);
    expect(await outages.nth(0).innerText()).toMatch(/Stopped[\s\S]*ongoing/);
    expect(await outages.nth(1).innerText()).toContain('The connection was lost after it was up.');
    const timeout = await outages.nth(2).innerText();
    expect(timeout).toContain('lasted 12m 00s');
    expect(timeout).toContain('The server stopped answering keepalives');
    expect(timeout).toContain('Then: The server refused the connection');
    expect(await outages.nth(3).innerText()).toContain('Connecting');
  });

  it('shows from–to in local time, the state and the cause when a stretch gets the focus', async () => {
    // Keyboard: into the strip on "now", Home to the start, then along with the arrow keys.
    await page.getByTestId('availability-segment').last().focus();
    await page.keyboard.press('Home');
    const tooltip = page.getByRole('tooltip');
    for (let i = 0; i < 12 && !(await tooltip.innerText()).includes('keepalive'); i++)
      await page.keyboard.press('ArrowRight');
    const text = await tooltip.innerText();
    expect(text).toContain('Waiting to retry');
    expect(text).toContain(
      'The server stopped answering keepalives (link dead, sleep or network change).',
    );
    expect(text).toContain('no keepalive reply for 15 s');
    // 4 minutes from the timeout to the first reconnect, in local (Tokyo) time.
    expect(text).toContain(clock(outage.outageFrom));
    expect(text).toContain(clock(outage.outageFrom + 4 * MIN));
    expect(text).toContain('4m 00s');
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''),
    ).toContain('Waiting to retry. The server stopped answering keepalives');

    await page.waitForTimeout(200);
    await page.screenshot({ path: `${SCREENSHOTS}/availability-en.png`, fullPage: true });
    await setLanguage('ja');
    await page.getByRole('heading', { name: '稼働状況' }).waitFor();
    const ja = await tooltip.innerText();
    expect(ja).toContain('再試行待ち');
    expect(ja).toContain('サーバーがキープアライブに応答しなくなりました');
    expect(await page.getByTestId('availability-summary').innerText()).toContain(
      '過去 24 時間の稼働率',
    );
    expect(await page.getByTestId('outage').nth(2).innerText()).toContain('継続時間 12m 00s');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${SCREENSHOTS}/availability-ja.png`, fullPage: true });
    for (const language of ['en', 'ja'])
      copyFileSync(
        `${SCREENSHOTS}/availability-${language}.png`,
        `${DOCS}/availability-${language}.png`,
      );
    await setLanguage('system');
  });

  it('switches to the last 7 days', async () => {
    await page.getByRole('button', { name: '7 days' }).click();
    await page.getByRole('group', { name: 'Availability over the last 7 days' }).waitFor();
    const first = page.getByTestId('availability-segment').first();
    // Nothing was watched before the history began: a week that starts not monitored.
    expect(await first.getAttribute('data-state')).toBe('not-monitored');
    // The first start of the engine, 30 h ago, adds its 2 s of connecting.
    expect(await page.getByTestId('outage').count()).toBe(5);
    await page.getByTestId('availability-segment').nth(2).hover();
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${SCREENSHOTS}/availability-7d-en.png`, fullPage: true });
    // The same in Windows' dark mode: the lights and the hatching still read.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${SCREENSHOTS}/availability-dark-en.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(errors).toEqual([]);
  });
});
