import type { BrowserWindowConstructorOptions } from 'electron';

/** The hardened options every Tunnelkeeper window is created with. */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 980,
    height: 680,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Tunnelkeeper',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  };
}
