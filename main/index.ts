// Composition root of the desktop app: lock, identity, security, then services wired together.
import { app } from 'electron';
import path from 'node:path';
import { registerAppSchemePrivileges, serveRenderer } from './app/app-protocol';
import { createMainWindowController } from './app/main-window';
import { installSecurityHooks } from './app/security';
import { createTray } from './app/tray';
import { registerIpcHandlers } from './ipc/handlers';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId('com.tunnelkeeper.app');
  registerAppSchemePrivileges();
  installSecurityHooks();

  const outDir = path.join(__dirname, '..');
  const assetsDir = app.isPackaged
    ? path.join(process.resourcesPath, 'assets')
    : path.join(app.getAppPath(), 'assets');
  const mainWindow = createMainWindowController(path.join(outDir, 'preload', 'index.js'));

  app.on('second-instance', () => mainWindow.open());
  // Closing the window keeps the app in the tray.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => mainWindow.prepareToQuit());

  void app.whenReady().then(() => {
    serveRenderer(path.join(outDir, 'renderer'));
    registerIpcHandlers(() => []);
    createTray(assetsDir, { openWindow: () => mainWindow.open(), quit: () => app.quit() });
    mainWindow.open();
  });
}
