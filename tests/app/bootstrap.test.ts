import Conf from 'conf';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow, Tray, app, ipcMain, protocol } from '../mocks/electron';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_INDEX_URL } from '../../main/app/app-protocol';
import { APP_USER_MODEL_ID, runApp } from '../../main/app/bootstrap';
import type { OpenStoreFile, StoreFile } from '../../main/app/store-file';
import { Channels } from '../../contract';

/** electron-store's base class with the options electron-store-file.ts passes (see there). */
const openConf: OpenStoreFile = (options) =>
  new Conf({
    ...options,
    configName: options.name,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  }) as unknown as StoreFile<never>;

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `tk-${name}-`));
const window = () => BrowserWindow.instances[0] as BrowserWindow & { visible: boolean };

describe('starting the app (composition root against the Electron mock)', () => {
  beforeAll(async () => {
    // The real core service keeps locks and logs where the CLI does: point both at temp dirs.
    process.env.TUNNELKEEPER_DATA_DIR = tmp('data');
    process.env.TUNNELKEEPER_RUNTIME_DIR = tmp('run');
    app.userData = tmp('userdata');
    expect(runApp({ openStore: openConf, outDir: '/app/out' })).toBe(true);
    await vi.waitFor(() => expect(BrowserWindow.instances).toHaveLength(1));
  });

  it('takes Windows identity and sandboxes every renderer before any window', () => {
    expect(app.appUserModelId).toBe(APP_USER_MODEL_ID);
    expect(app.sandboxEnabled).toBe(true);
    expect(protocol.privileged).toEqual([
      [{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }],
    ]);
  });

  it('opens one hardened window on our app:// page, with the preload from out/', () => {
    expect(window().loadedUrl).toBe(APP_INDEX_URL);
    expect(window().options.webPreferences).toMatchObject({
      preload: path.join('/app/out', 'preload', 'index.js'),
      sandbox: true,
      contextIsolation: true,
    });
    expect(Tray.instances).toHaveLength(1);
  });

  it('answers every channel of the contract', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(Channels).sort());
  });

  it('creates the config file the CLI reads, in userData', () => {
    const file = path.join(app.userData, 'config.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, profiles: [] });
  });

  it('brings its window forward when Tunnelkeeper is launched a second time', () => {
    expect(window().visible).toBe(false); // shown on ready-to-show
    app.emit('second-instance');
    expect(window().visible).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('as the second launch, only wakes the first and quits', () => {
    const quits = app.quitCalled;
    app.requestSingleInstanceLock = () => false;
    try {
      expect(runApp({ openStore: openConf, outDir: '/app/out' })).toBe(false);
    } finally {
      app.requestSingleInstanceLock = () => true;
    }
    expect(app.quitCalled).toBe(quits + 1);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('stops the tunnels before it quits', async () => {
    const quits = app.quitCalled;
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await vi.waitFor(() => expect(app.quitCalled).toBe(quits + 1));
    // The second round (our own app.quit) goes through.
    let preventedAgain = false;
    app.emit('before-quit', { preventDefault: () => (preventedAgain = true) });
    expect(preventedAgain).toBe(false);
  });
});
