import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The hardened options every Tunnelkeeper window is created with: the page gets no Node, runs
 * in Chromium's sandbox, sees main only through the preload's named methods, and cannot load
 * remote or insecure content (the CSP in csp.ts narrows it further).
 */
export function secureWindowOptions(
  preloadPath: string,
  { devTools = false }: { devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
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
      enableBlinkFeatures: '',
      // Middle-click would open links in new windows; those are denied anyway, this is belt
      // and braces (and what Electronegativity's AUXCLICK check asks for).
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Dev tools only in development builds: a packaged app gives no console to a passer-by.
      devTools,
    },
  };
}
