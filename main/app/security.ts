import { app, session, shell } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/** Only these https hosts may be opened in the user's browser. */
const EXTERNAL_ALLOW_LIST = new Set(['github.com']);

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && EXTERNAL_ALLOW_LIST.has(url.hostname);
  } catch {
    return false;
  }
}

/** Denies navigation, new windows, webviews and permission requests for every web contents. */
export function installSecurityHooks(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
      callback(false),
    );
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}
