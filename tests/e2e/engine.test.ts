import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineServices } from '../../main/app/engine-services';
import { CONTENT_SECURITY_POLICY as CSP } from '../../main/app/csp';
import { EngineClient } from '../../main/core/engine/client';
import { engineEndpoint } from '../../main/core/engine/endpoint';
import { parseConfig } from '../../main/core/config/profile';
import { launchChromium } from '../helpers/browser';
import { runCli } from '../helpers/cli';
import { startCli, type CliProcess } from '../helpers/cli-process';
import { createCoreBridge, type CoreBridge } from '../helpers/e2e-core-bridge';
import { PageBridge } from '../helpers/e2e-page-bridge';
import { freePort } from '../helpers/ports';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../helpers/targets';
import { serveStatic } from '../helpers/static-server';

const SCREENSHOTS = 'test-results/screenshots';

/**
 * The window attached to an engine it did not start: a real `tunnelkeeper engine run` process
 * (as a boot service runs it) already carries the tunnel; the window shows it live and drives
 * it; the tunnel keeps running when the window goes away.
 */
describe('the window attached to a running engine process', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;
  let sshd: SshdHandle;
  let echo: TargetServer;
  let engine: CliProcess;
  let core: CoreBridge;
  let client: EngineClient;
  let page: Page;
  let localPort: number;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-e2e-engine-'));
  const env = {
    TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
    TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
  };
  const configFile = path.join(dir, 'config.json');
  const works = async () => {
    const payload = randomPayload(64 * 1024);
    const back = await roundTrip(localPort, payload).catch(() => Buffer.alloc(0));
    return sha256(back) === sha256(payload);
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [sshd, echo, localPort] = await Promise.all([startSshd(), startEchoServer(), freePort()]);
    const text = JSON.stringify({
      version: 1,
      profiles: [
        {
          id: 'license-proxy',
          name: 'ANSYS license (boot service)',
          host: sshd.host,
          port: sshd.port,
          user: sshd.user,
          autostart: true,
          auth: { keyFile: sshd.clientKeyPath },
          hostKey: { pinned: [sshd.hostKeyFingerprint] },
          keepalive: { intervalSeconds: 1, countMax: 2 },
          forwards: [
            {
              type: 'local',
              id: 'L1055',
              label: 'ANSYS',
              bindPort: localPort,
              targetHost: '127.0.0.1',
              targetPort: echo.port,
            },
          ],
        },
      ],
    });
    writeFileSync(configFile, text);
    engine = startCli(['engine', 'run', '--config', configFile, '--json'], env);
    await engine.waitForLine((l) => l.type === 'state' && l.state === 'connected', 20_000);

    client = await EngineClient.connect({ endpoint: engineEndpoint(env.TUNNELKEEPER_DATA_DIR) });
    core = createCoreBridge({
      dir,
      locale: 'en-US',
      engine: {
        services: await engineServices(client),
        configFile,
        config: parseConfig(text).document,
      },
    });
    const bridge = new PageBridge(core.handlers);
    core.connect(bridge);
    server = await serveStatic('out/renderer', CSP);
    browser = await launchChromium();
    page = await (
      await browser.newContext({ viewport: { width: 1180, height: 820 }, reducedMotion: 'reduce' })
    ).newPage();
    await bridge.attach(page);
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await core?.close();
    engine?.child.kill('SIGTERM');
    await engine?.exited;
    await echo?.close();
    await sshd?.stop();
  });

  it('shows the engine’s tunnel connected, stops and starts it through the engine', async () => {
    const row = page.getByTestId('tunnel-row').first();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => row.textContent()).toContain('ANSYS license (boot service)');
    expect(await works()).toBe(true);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}/engine-attached-en.png` });

    await row.getByRole('button', { name: /^Stop/ }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 10_000 }).toBe('stopped');
    // The engine itself stopped it: `tunnelkeeper status` says so, the port is released.
    const status = await runCli(['status', '--json'], { env });
    const listed = (JSON.parse(status.stdout) as { tunnels: { profile: string; state: string }[] })
      .tunnels;
    expect(listed).toContainEqual(
      expect.objectContaining({ profile: 'license-proxy', state: 'stopped' }),
    );
    expect(await works()).toBe(false);

    await row.getByRole('button', { name: /^Start/ }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('connected');
    expect(await works()).toBe(true);
  });

  it('the window going away leaves the tunnel running in the engine', async () => {
    await page.close();
    await core.close();
    expect(await works()).toBe(true);
    const status = await runCli(['status', '--json'], { env });
    expect(status.stdout).toContain('"state":"connected"');
  });
});
