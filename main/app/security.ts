import { app, session, shell, type Session, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/**
 * Only these https hosts may be opened in the user's browser (the project's pages and
 * OpenSSH/PuTTY documentation the troubleshooting guide links to).
 */
export const EXTERNAL_ALLOW_LIST: ReadonlySet<string> = new Set([
  'github.com',
  'www.openssh.com',
  'man.openbsd.org',
  'www.chiark.greenend.org.uk',
]);

export function isAllowedExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      url.protocol === 'https:' &&
      url.username === '' &&
      url.password === '' &&
      url.port === '' &&
      EXTERNAL_ALLOW_LIST.has(url.hostname)
    );
  } catch {
    return false;
  }
}

/** Opens `url` in the browser if allow-listed; says whether it did. */
export function openExternalIfAllowed(url: string): boolean {
  if (!isAllowedExternalUrl(url)) return false;
  void shell.openExternal(url);
  return true;
}

export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * The window shows our app:// pages only: every navigation away (a link, a redirect, a frame),
 * every new window and every webview is refused. An allow-listed https link the user clicked
 * opens in their browser instead.
 */
export function hardenWebContents(contents: WebContents): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', (event) => stayHome(event, event.url));
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfAllowed(url);
    return { action: 'deny' };
  });
}

/** Tunnelkeeper needs no camera, notifications-from-web, geolocation, USB, HID or serial. */
export function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}

/** Installs the hooks above on every web contents and on the default session. */
export function installSecurityHooks(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  void app.whenReady().then(() => hardenSession(session.defaultSession));
}
