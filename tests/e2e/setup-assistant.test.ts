import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY as CSP } from '../../main/app/csp';
import { CHECK_IDS } from '../../main/core/diagnostics/types';
import { fakeMigrationSeam, type FakeMigrationSeam } from '../../main/core/migration/index';
import { launchChromium } from '../helpers/browser';
import { createCoreBridge, type CoreBridge } from '../helpers/e2e-core-bridge';
import { PageBridge } from '../helpers/e2e-page-bridge';
import { keyOnly, passFile, puttygen, puttygenPublic } from '../helpers/keytools';
import { freePort } from '../helpers/ports';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import { serveStatic } from '../helpers/static-server';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../helpers/targets';

const SCREENSHOTS = 'test-results/screenshots';
const DOCS = 'docs/screenshots';
const PASSPHRASE = 'ライセンス 2026 tunnel';
const STARTUP_BATCH =
  'C:\\Users\\admin\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\rescale-tunnel.bat';

/**
 * A new user with only the provider's batch file and their PuTTY key (issue 20): the setup
 * assistant, in Japanese and in English, against the real core (importer, key toolkit,
 * diagnostics, tunnel service) and a real sshd, ends on a connected tunnel set to start at
 * boot — bytes go through the -R forward — without leaving the window. One screenshot per
 * step and language goes to docs/screenshots/setup-<n>-<step>-<lang>.png.
 */
describe.each(['ja', 'en'] as const)('the setup assistant (%s), end to end', (language) => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let core: CoreBridge;
  let page: Page;
  let ppk: string;
  let publicLine: string;
  let remotePort: number;
  let batch: Buffer;
  let machine: FakeMigrationSeam;
  const errors: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), `tk-e2e-setup-${language}-`));
  const stepEvents: { at: number; id: string }[] = [];
  let shot = 0;

  /** The Japanese run pins the host key in the script (-hostkey); the English one does not. */
  const pinsHostKey = language === 'ja';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    mkdirSync(DOCS, { recursive: true });
    // The user's key as PuTTYgen 0.78 writes it by default: PPK v3 (Argon2id), a passphrase.
    ppk = path.join(dir, 'rescale_ed25519.ppk');
    const pass = passFile(dir, PASSPHRASE);
    await puttygen(['-t', 'ed25519', '-C', 'rescale-key', '-o', ppk, '--new-passphrase', pass]);
    publicLine = await puttygenPublic(ppk, pass);
    [sshd, echo] = await Promise.all([
      startSshd({ authorizedKeys: [publicLine] }),
      startEchoServer(),
    ]);
    remotePort = await freePort();
    // The provider's batch file: CRLF, `start "title"`, quoted paths, plink's options.
    batch = Buffer.from(
      [
        '@echo off',
        'REM Rescale license proxy tunnel - generated for your account',
        'cd /d "C:\\Program Files\\PuTTY"',
        `start "Rescale tunnel" "C:\\Program Files\\PuTTY\\plink.exe" -ssh -i "${ppk}" -P ${sshd.port} ${sshd.user}@127.0.0.1` +
          (pinsHostKey ? ` -hostkey ${sshd.hostKeyFingerprint}` : '') +
          ` -R ${remotePort}:127.0.0.1:${echo.port} -v -N -batch`,
        '',
      ].join('\r\n'),
    );

    // The admin had put the provider's batch file in the Startup folder: it runs the same tunnel.
    machine = fakeMigrationSeam({
      startup: [{ name: 'rescale-tunnel.bat', path: STARTUP_BATCH, folder: 'user', bytes: batch }],
    });
    core = createCoreBridge({
      dir,
      locale: language === 'ja' ? 'ja-JP' : 'en-US',
      migrationSeam: machine,
    });
    const bridge = new PageBridge(core.handlers);
    const emit = bridge.emit.bind(bridge);
    bridge.emit = async (event, ...payloads) => {
      if (event === 'onDiagnosticsStep')
        stepEvents.push({ at: Date.now(), id: (payloads[0] as { step: { id: string } }).step.id });
      return emit(event, ...payloads);
    };
    core.connect(bridge);
    server = await serveStatic('out/renderer', CSP);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('pageerror', (error) => errors.push(error.message));
    await bridge.attach(page);
    await page.goto(server.url);
  });

  afterAll(async () => {
    await core?.close();
    await browser?.close();
    await server?.close();
    await echo?.close();
    await sshd?.stop();
  });

  const dialog = () => page.getByTestId('setup');
  const next = () => page.getByTestId('setup-next');
  async function atStep(step: string): Promise<void> {
    await page.locator(`[data-testid="setup"][data-step="${step}"]`).waitFor();
  }
  async function screenshot(step: string): Promise<void> {
    shot += 1;
    await page.waitForTimeout(250); // the dialog's transitions settle
    const name = `setup-${shot}-${step}-${language}.png`;
    await dialog().screenshot({ path: `${SCREENSHOTS}/${name}` });
    copyFileSync(`${SCREENSHOTS}/${name}`, `${DOCS}/${name}`);
  }

  it('is offered on first run (empty config) and reads the provider’s batch file', async () => {
    await page.getByTestId('setup-offer').click();
    await atStep('source');
    await page
      .getByTestId('setup-file')
      .setInputFiles({ name: 'rescale-tunnel.bat', mimeType: 'text/plain', buffer: batch });
    await page.getByTestId('setup-read').click();
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.innerText()).toContain('Rescale tunnel');
    expect(await preview.innerText()).toContain(`${remotePort} → 127.0.0.1:${echo.port}`);
    await screenshot('source');
    await next().click();
    await atStep('key');
    const saved = core.profiles();
    expect(saved).toHaveLength(1);
    // Saved at once, but nothing runs before the last steps say how.
    expect(saved[0]).toMatchObject({ name: 'Rescale tunnel', autostart: false });
    expect(saved[0]?.auth.keyFile).toBe(ppk);
  });

  it('opens the PPK v3 key once and saves a copy only this account can read', async () => {
    await page.getByTestId('key-detected').waitFor();
    expect(await page.getByTestId('key-detected').innerText()).toMatch(/PPK v3/);
    if (language === 'en') {
      // Cancel half-way: nothing written is lost, and the window offers to continue.
      await page.getByRole('button', { name: /^Cancel/ }).click();
      await dialog().waitFor({ state: 'detached' });
      await page.getByTestId('setup-draft').waitFor();
      expect(core.profiles()).toHaveLength(1);
      await page
        .getByTestId('setup-draft')
        .getByRole('button', { name: 'Continue the setup' })
        .click();
      await atStep('key');
      await page.getByTestId('key-detected').waitFor();
    }
    await page.getByTestId('setup-passphrase').fill('not the passphrase');
    await page.getByTestId('setup-passphrase').press('Enter');
    await page.getByTestId('setup-error').waitFor();
    await page.getByTestId('setup-passphrase').fill(PASSPHRASE);
    await page.getByTestId('setup-passphrase').press('Enter');
    await page.getByRole('radio').first().waitFor();
    await screenshot('key');
    await next().click();
    await atStep('publicKey');
    const keyFile = core.profiles()[0]!.auth.keyFile!;
    expect(keyFile).toBe(path.join(dir, 'rescale_ed25519'));
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    // The user's original key is left as it was.
    expect(readFileSync(ppk, 'utf8')).toMatch(/^PuTTY-User-Key-File-3: ssh-ed25519/);
  });

  it('shows the one-line public key for the provider’s page and checks a paste of it', async () => {
    const line = page.getByTestId('public-key-line');
    await line.waitFor();
    expect(keyOnly(await line.inputValue())).toBe(keyOnly(publicLine));
    // What the provider's page shows back, with the first characters lost in a copy.
    const paste = page.getByRole('textbox').last();
    await paste.fill(keyOnly(publicLine).slice(1));
    await page
      .getByText(language === 'ja' ? /先頭の文字が欠けて/ : /first characters are missing/)
      .waitFor();
    await paste.fill(publicLine);
    await page
      .getByText(language === 'ja' ? /この鍵と一致します/ : /It matches this key/)
      .waitFor();
    await screenshot('public-key');
    await next().click();
    await atStep('hostKey');
  });

  it('shows the server’s host key: pinned by the script, or trusted after comparing', async () => {
    const fingerprint = page.getByTestId('setup-host-fingerprint');
    await fingerprint.waitFor({ timeout: 20_000 });
    expect(await fingerprint.innerText()).toBe(sshd.hostKeyFingerprint);
    if (!pinsHostKey) {
      expect(await next().isDisabled()).toBe(true);
      await page.getByTestId('setup-trust').click();
    }
    const verdict = page.getByTestId('setup-host-verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('pinned-match');
    expect(core.profiles()[0]?.hostKey.pinned).toEqual([sshd.hostKeyFingerprint]);
    await screenshot('host-key');
    await next().click();
    await atStep('test');
  });

  it('runs the diagnosis live: each check arrives as it is settled, all pass', async () => {
    const result = page.getByTestId('setup-test-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-result')).toBe('pass');
    const steps = page.getByTestId('diag-step');
    expect(await steps.evaluateAll((list) => list.map((s) => s.getAttribute('data-step')))).toEqual(
      ['dns', 'tcp', 'banner', 'kex', 'hostkey', 'auth', 'forwards', 'targets'],
    );
    // Pushed one by one while the diagnosis ran, not as one report at the end.
    expect(stepEvents.map((e) => e.id)).toEqual([...CHECK_IDS]);
    expect(stepEvents.at(-1)!.at - stepEvents[0]!.at).toBeGreaterThan(0);
    await screenshot('test');
    await next().click();
    await atStep('keepRunning');
  });

  it('keeps it running at boot, starts it, and ends on a connected tunnel that carries bytes', async () => {
    await page.getByRole('radio').first().check();
    // PuTTY's copy of the tunnel (the batch file in the Startup folder) is offered for disabling,
    // ticked: never two tunnels to the proxy.
    const runner = page.getByTestId('setup-runner');
    await runner.waitFor();
    expect(await runner.count()).toBe(1);
    expect(await runner.getByRole('checkbox').isChecked()).toBe(true);
    expect(await runner.innerText()).toContain('rescale-tunnel.bat');
    await screenshot('keep-running');
    await next().click();
    await atStep('done');
    const done = page.locator('[data-testid="setup-done"][data-state="connected"]');
    await done.waitFor({ timeout: 20_000 });
    expect(core.bootInstalled()).toBe(true);
    // Renamed aside, not deleted; the window says how to undo it.
    expect(machine.items.map((i) => i.path)).toEqual([`${STARTUP_BATCH}.disabled-by-tunnelkeeper`]);
    expect(await page.getByTestId('setup-undo').innerText()).toContain('rescale-tunnel.bat');
    expect(core.profiles()[0]?.autostart).toBe(true);
    // The provider's side of the tunnel: the proxy port on the server reaches the license port.
    const payload = randomPayload(64 * 1024);
    expect(sha256(await roundTrip(remotePort, payload))).toBe(sha256(payload));
    await screenshot('done');
    await next().click();
    await dialog().waitFor({ state: 'detached' });
    const row = page.getByTestId('tunnel-row').filter({ hasText: 'Rescale tunnel' });
    expect(await row.getByTestId('tunnel-state').innerText()).toBe(
      language === 'ja' ? '接続済み' : 'Connected',
    );
    expect(await page.getByTestId('setup-draft').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
