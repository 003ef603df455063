import { app, dialog, safeStorage } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { nodeBootSystem } from '../core/engine/boot';
import { registerAppSchemePrivileges, serveRenderer } from './app-protocol';
import { configFilePath, createConfigRepository, migrateConfigFile } from './config-store';
import { createCoreServices } from './core-adapter';
import { createElevator, type ElevationPlatform } from './elevate';
import { createBootService, serviceUser, type BootService } from './engine-boot';
import type { Attached } from './engine-attach';
import { reattaching, type EngineApi } from './engine-reattach';
import {
  engineServices,
  provideSecrets,
  secretRefs,
  type AppSecrets,
  type EngineServices,
} from './engine-services';
import { createLoginItem } from './login-item';
import { createSafeStorageSecretStore } from './secret-store';
import { installSecurityHooks } from './security';
import { startShell } from './shell';
import { shellLanguage, shellStrings } from './strings';
import type { OpenStoreFile } from './store-file';

/** Matches electron-builder's appId: Windows ties toasts and taskbar grouping to it. */
export const APP_USER_MODEL_ID = 'com.tunnelkeeper.app';

export interface RunOptions {
  /** electron-store in the app (main/index.ts passes it; tests pass its base class). */
  openStore: OpenStoreFile;
  /** The build's out/ folder: renderer and preload are found from here. */
  outDir: string;
  /**
   * Attaches to the running engine, starting one if none runs (main/index.ts passes the real
   * one). Without it — or when it fails — the tunnels run inside this process, as before.
   */
  attachEngine?: (configPath: string) => Promise<Attached>;
}

/**
 * The app's start: one instance, its identity, security before any window, then the services
 * wired once Electron is ready. Returns whether this process is the one that runs.
 */
export function runApp({ openStore, outDir, attachEngine }: RunOptions): boolean {
  if (!app.requestSingleInstanceLock()) {
    // A second launch only wakes the first one (its `second-instance` opens the window).
    app.quit();
    return false;
  }
  app.setAppUserModelId(APP_USER_MODEL_ID);
  // Every renderer sandboxed, whatever options a future window forgets to pass.
  app.enableSandbox();
  registerAppSchemePrivileges();
  installSecurityHooks();
  // Closing the window keeps the app in the tray; only Quit ends it.
  app.on('window-all-closed', () => undefined);

  let shell: Awaited<ReturnType<typeof startShell>> | undefined;
  // A second launch while this one is still starting must not be lost.
  let openWhenReady = false;
  app.on('second-instance', () => (shell ? shell.window.open() : (openWhenReady = true)));
  // macOS: a click on the Dock icon.
  app.on('activate', () => shell?.window.open());
  let stopped = false;
  let attached: { startedByApp: boolean; api: EngineApi; services: EngineServices } | undefined;
  app.on('before-quit', (event) => {
    if (stopped || !shell) return;
    // In-process tunnels stop (and free their locks) first; an engine's keep running.
    event.preventDefault();
    const current = shell;
    void askStopEngine(attached, () => current.settings.current().language)
      .then(() => current.quit())
      .then(() => {
        stopped = true;
        app.quit();
      });
  });

  void app.whenReady().then(async () => {
    const assetsDir = app.isPackaged
      ? path.join(process.resourcesPath, 'assets')
      : path.join(app.getAppPath(), 'assets');
    serveRenderer(path.join(outDir, 'renderer'));

    // The same file and schema as the CLI: `tunnelkeeper up --config <userData>/config.json`.
    const userData = app.getPath('userData');
    await migrateConfigFile(configFilePath(userData)).catch((error: unknown) =>
      console.error('config:', error),
    );
    const config = createConfigRepository(openStore, userData);
    const secrets = createSafeStorageSecretStore(
      safeStorage,
      openStore<Record<string, string>>({ cwd: userData, name: 'secrets', configFileMode: 0o600 }),
    );
    if (attachEngine)
      try {
        const engine = await attachEngine(configFilePath(userData));
        const appSecrets: AppSecrets = {
          refs: () => secretRefs(config.read().profiles),
          get: async (ref) => secrets.get(ref),
        };
        // An engine that goes away (restarted by its service, stopped, crashed) is attached again.
        const api = reattaching(engine.client, {
          attach: async () => (await attachEngine(configFilePath(userData))).client,
          onReattached: (client) => provideSecrets(client, appSecrets),
          log: (message) => console.error(`engine: ${message}`),
        });
        attached = {
          startedByApp: engine.startedByApp,
          api,
          services: await engineServices(api, appSecrets),
        };
      } catch (error) {
        console.error('engine: not attached, tunnels run in the app:', error);
      }
    const core = createCoreServices({ config, secrets, engine: attached?.services });
    const launch = { platform: process.platform, execPath: process.execPath, env: process.env };

    shell = await startShell({
      assetsDir,
      preloadPath: path.join(outDir, 'preload', 'index.js'),
      argv: process.argv,
      devTools: !app.isPackaged,
      config,
      secrets,
      loginItem: createLoginItem(app, launch),
      paths: { config: configFilePath(userData), logs: core.logDir },
      boot: bootService(configFilePath(userData)),
      ...core,
    });
    if (openWhenReady) shell.window.open();
  });
  return true;
}

/**
 * "Keep tunnels running at startup": the engine's boot service runs this binary as the engine,
 * as the signed-in user, with this config; changing it asks for administrator rights.
 */
function bootService(configPath: string): BootService | undefined {
  const platform = process.platform;
  if (platform !== 'win32' && platform !== 'linux' && platform !== 'darwin') return undefined;
  const system = nodeBootSystem();
  return createBootService({
    system,
    elevator: createElevator(platform satisfies ElevationPlatform, system.run),
    binary: {
      platform,
      execPath: process.execPath,
      env: process.env,
      ...(app.isPackaged ? {} : { appPath: app.getAppPath() }),
    },
    configPath,
    user: serviceUser(platform, os.userInfo().username, process.env),
  });
}

/**
 * Quit closes the UI. Only when this app started the engine is the admin asked whether the
 * tunnels should stop too (a boot service's engine is never stopped from the tray).
 */
async function askStopEngine(
  attached: { startedByApp: boolean; api: EngineApi } | undefined,
  language: () => 'system' | 'en' | 'ja',
): Promise<void> {
  if (!attached?.startedByApp) return;
  const s = shellStrings(shellLanguage(language(), app.getLocale()));
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: s.quitAskTitle,
    message: s.quitAskTitle,
    detail: s.quitAskBody,
    buttons: [s.quitKeepTunnels, s.quitStopTunnels],
    defaultId: 0,
    cancelId: 0,
  });
  if (response === 1) await attached.api.shutdown().catch(() => undefined);
}
