import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as CSP } from '../../main/app/csp';
import { launchChromium } from '../helpers/browser';
import { createCoreBridge, type CoreBridge } from '../helpers/e2e-core-bridge';
import { PageBridge } from '../helpers/e2e-page-bridge';
import { requirePeer } from '../helpers/peers';
import { freePort } from '../helpers/ports';
import { killServerHard } from '../helpers/sshd-kill';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import { startEchoServer, type TargetServer } from '../helpers/targets';
import { serveStatic } from '../helpers/static-server';

const SCREENSHOTS = 'test-results/screenshots';

/** OpenSSH's SHA256 fingerprint of a one-line public key. */
function fingerprintOf(line: string): string {
  const blob = Buffer.from(line.split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The window end to end: the built renderer in Chromium, its bridge wired to the real core in
 * this process, a real OpenSSH sshd behind it. One admin's session, in order.
 */
describe('the window against the real core and a real sshd', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let sshd: SshdHandle;
  let target: TargetServer;
  let core: CoreBridge;
  let bridge: PageBridge;
  let page: Page;
  let remotePort: number;
  let held: net.Socket | undefined;
  const errors: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-e2e-window-'));

  const setSettings = (patch: object) =>
    (core.handlers.setSettings as unknown as (p: object) => Promise<unknown>)(patch);
  const tunnelId = () => `${sshd.user}-127-0-0-1`;
  const row = () => page.getByTestId('tunnel-row').first();

  /** Screenshot in English, switch to Japanese live (as Settings does), screenshot, switch back. */
  async function shoot(name: string): Promise<void> {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-en.png` });
    await setSettings({ language: 'ja' });
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SCREENSHOTS}/${name}-ja.png` });
    await setSettings({ language: 'system' });
    await page.waitForFunction(() => document.documentElement.lang === 'en');
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [sshd, target, remotePort] = await Promise.all([startSshd(), startEchoServer(), freePort()]);
    core = createCoreBridge({ dir, locale: 'en-US' });
    bridge = new PageBridge(core.handlers);
    core.connect(bridge);
    server = await serveStatic('out/renderer', CSP);
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1180, height: 820 },
      reducedMotion: 'reduce',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await bridge.attach(page);
    await page.goto(server.url);
    await page.getByTestId('tunnels-empty').waitFor();
  });

  afterAll(async () => {
    held?.destroy();
    await core?.close();
    await browser?.close();
    await server?.close();
    await target?.close();
    await sshd?.stop();
  });

  it('previews a pasted plink line and creates the tunnel', async () => {
    const plink =
      `plink.exe -ssh -P ${sshd.port} -i ${sshd.clientKeyPath} ${sshd.user}@127.0.0.1 ` +
      `-R ${remotePort}:127.0.0.1:${target.port} -hostkey ${sshd.hostKeyFingerprint} -N -batch -v`;
    await page.getByRole('button', { name: 'Paste a command / Import…' }).click();
    await page.getByLabel('Command line or file contents').fill(plink);
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.innerText()).toContain(`R ${remotePort} → 127.0.0.1:${target.port}`);
    await shoot('import');
    await page.getByRole('button', { name: 'Create tunnels (1)' }).click();
    await row().waitFor();
    expect(await row().getAttribute('data-state')).toBe('stopped');
  });

  it('starts it and turns connected, live, without polling', async () => {
    await row().getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-testid="tunnel-row"][data-state="connected"]').waitFor();
    await page.getByText('listening').first().waitFor();
    // A forwarded connection held open: the third light goes green.
    held = net.connect(remotePort, '127.0.0.1');
    await page.getByTestId('status-lights').getByText('1 active').waitFor();
    const lights = page.getByTestId('status-lights').getByRole('img');
    expect(await lights.evaluateAll((els) => els.map((e) => e.getAttribute('data-light')))).toEqual(
      ['green', 'green', 'green'],
    );
    expect(await lights.first().getAttribute('aria-label')).toBe('Session: Up 1/1');
    const before = bridge.calls.filter((c) => c === 'listTunnels').length;
    await page.waitForTimeout(1500);
    expect(bridge.calls.filter((c) => c === 'listTunnels').length).toBe(before);
    await shoot('tunnels');
    // Follows the OS theme: the same screen with Windows in dark mode.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}/tunnels-dark-en.png` });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows the log lines as they arrive', async () => {
    await row().getByRole('button', { name: 'Logs' }).click();
    await page.getByTestId('log-line').first().waitFor();
    const count = await page.getByTestId('log-count').innerText();
    expect(Number(/^(\d+) of/.exec(count)?.[1])).toBeGreaterThan(0);
    await shoot('logs');
    await page.getByRole('tab', { name: 'Tunnels' }).click();
  });

  it('shows the waiting state and its cause when sshd dies', async () => {
    held?.destroy();
    await killServerHard(sshd);
    await page.locator('[data-testid="tunnel-row"][data-state="waiting"]').waitFor();
    const cause = await row().getByTestId('tunnel-cause').innerText();
    expect(cause).toMatch(/connection was lost|refused the connection/);
    await shoot('waiting');
  });

  it('runs Troubleshoot and shows the failing step', async () => {
    await row().getByRole('button', { name: 'Troubleshoot' }).click();
    const tcp = page.locator('[data-testid="diag-step"][data-step="tcp"]');
    await tcp.waitFor();
    expect(await tcp.getAttribute('data-status')).toBe('fail');
    expect(await page.getByTestId('diag-cause').innerText()).toMatch(/refused/i);
    expect(await page.getByTestId('diag-advice').locator('li').count()).toBeGreaterThan(0);
    await shoot('troubleshoot');
    await page.getByRole('button', { name: 'Export diagnostic bundle' }).click();
    await page.getByText(`Saved to ${path.join(dir, 'diagnosis-')}`, { exact: false }).waitFor();
    const bundle = readFileSync(path.join(dir, `diagnosis-${tunnelId()}.zip`));
    expect(bundle.subarray(0, 2).toString()).toBe('PK');
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('converts a PPK v3 key to OpenSSH in the wizard and copies the public key', async () => {
    const ppk = path.join(dir, 'client.ppk');
    const pass = path.join(dir, 'pass');
    writeFileSync(pass, 'correct horse\n');
    execFileSync(requirePeer('puttygen'), [
      sshd.clientKeyPath,
      '-O',
      'private',
      '--ppk-param',
      'version=3',
      '--new-passphrase',
      pass,
      '-o',
      ppk,
    ]);
    await page.getByRole('tab', { name: 'Keys' }).click();
    await page.getByRole('button', { name: 'Convert or create a key…' }).click();
    await page.getByRole('button', { name: 'Convert an existing key' }).click();
    await page.getByLabel('Key file', { exact: true }).fill(ppk);
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByTestId('key-detected').innerText()).toContain('PPK v3');
    await page.getByTestId('key-passphrase').fill('wrong');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Wrong passphrase.').waitFor();
    await page.getByTestId('key-passphrase').fill('correct horse');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByTestId('key-output').inputValue()).toBe(path.join(dir, 'client'));
    await page.getByRole('button', { name: 'Convert' }).click();
    const line = page.getByTestId('public-key-line');
    await line.waitFor();
    const publicKey = await line.inputValue();
    const expected = readFileSync(`${sshd.clientKeyPath}.pub`, 'utf8').trim().split(/\s+/);
    expect(publicKey.split(/\s+/).slice(0, 2)).toEqual(expected.slice(0, 2));
    expect(readFileSync(path.join(dir, 'client'), 'utf8')).toContain('OPENSSH PRIVATE KEY');
    await page.getByRole('button', { name: 'Copy public key' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(publicKey);
    // The paste checker catches what Notepad does to a long line.
    await page.getByLabel('Check a paste').fill(publicKey.slice(0, -12));
    await page.getByTestId('paste-verdict').waitFor();
    await page.getByLabel('Check a paste').fill(publicKey);
    await page.getByText('It matches this key.').waitFor();
    await shoot('key-wizard');
    await page.getByRole('button', { name: 'Close' }).click();
    // The converted file is listed (next to the profile's key of the same fingerprint).
    const keys = page.getByRole('table', { name: 'Keys' });
    await keys.getByText(`${path.join(dir, 'client')} · `, { exact: false }).waitFor();
    expect(await keys.getByText(fingerprintOf(publicKey)).count()).toBe(2);
    await shoot('keys');
  });

  it('checks the form field by field', async () => {
    await page.getByRole('tab', { name: 'Tunnels' }).click();
    await row().getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: /^Port/ }).fill('70000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a port from 1 to 65535.').first().waitFor();
    await shoot('form');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('shows a changed host key as a blocking warning, and the settings', async () => {
    await bridge.emit('onHostKeyPrompt', {
      tunnelId: 'me',
      host: 'clp.tunnel.example.com',
      port: 22,
      keyType: 'ssh-ed25519',
      fingerprint: sshd.hostKeyFingerprint,
      previousFingerprint: 'SHA256:Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg',
    });
    const dialog = page.getByTestId('hostkey-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Trust always' }).count()).toBe(0);
    await shoot('hostkey');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByText(path.join(dir, 'config.json')).waitFor();
    await shoot('settings');
    expect(errors).toEqual([]);
  });
});
