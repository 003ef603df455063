import type { Session, WebContents as ElectronWebContents } from 'electron';
import { Session as MockSession, WebContents, app, net, protocol, shell } from '../mocks/electron';
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, serveRenderer } from '../../main/app/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../main/app/csp';
import {
  hardenSession,
  hardenWebContents,
  installSecurityHooks,
  isAllowedExternalUrl,
} from '../../main/app/security';
import { secureWindowOptions } from '../../main/app/window-options';

function hardened() {
  const contents = new WebContents();
  hardenWebContents(contents as unknown as ElectronWebContents);
  /** Emits an Electron-style cancellable event; says whether the page may go there. */
  const attempt = (event: string, url: string) => {
    let prevented = false;
    const e = { url, preventDefault: () => (prevented = true) };
    if (event === 'will-frame-navigate') contents.emit(event, e);
    else contents.emit(event, e, url);
    return !prevented;
  };
  return { contents, attempt };
}

beforeEach(() => {
  shell.opened.length = 0;
});

describe('window options', () => {
  it('isolate and sandbox the renderer with no Node access', () => {
    const prefs = secureWindowOptions('/app/preload.js').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('give dev tools only to development builds', () => {
    expect(secureWindowOptions('/p.js', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('navigation and new windows', () => {
  it.each([
    ['will-navigate', 'https://evil.example/'],
    ['will-navigate', 'file:///C:/Windows/System32/'],
    ['will-navigate', 'app://tunnelkeeper.evil.example/'],
    ['will-redirect', 'https://evil.example/'],
    ['will-frame-navigate', 'https://evil.example/frame'],
  ])('%s to %s is refused', (event, url) => {
    expect(hardened().attempt(event, url)).toBe(false);
  });

  it('our own pages may load', () => {
    expect(hardened().attempt('will-navigate', APP_INDEX_URL)).toBe(true);
  });

  it('refuses every webview', () => {
    expect(hardened().attempt('will-attach-webview', APP_INDEX_URL)).toBe(false);
  });

  it('opens no new window; an allow-listed https link goes to the browser instead', () => {
    const { contents } = hardened();
    const open = (url: string) => contents.windowOpenHandler?.({ url }).action;
    expect(open('https://github.com/tunnelkeeper/tunnelkeeper/issues')).toBe('deny');
    expect(open('https://evil.example/')).toBe('deny');
    expect(open('file:///C:/Windows/notepad.exe')).toBe('deny');
    expect(shell.opened).toEqual(['https://github.com/tunnelkeeper/tunnelkeeper/issues']);
  });

  it('hardens every web contents Electron creates', () => {
    installSecurityHooks();
    const contents = new WebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' }).action).toBe('deny');
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});

describe('external links', () => {
  it.each([
    ['https://github.com/x', true],
    ['https://man.openbsd.org/ssh_config', true],
    ['http://github.com/x', false],
    ['https://github.com.evil.example/', false],
    ['https://user:pw@github.com/', false],
    ['https://github.com:8443/', false],
    ['javascript:alert(1)', false],
    ['file:///C:/Windows/System32/cmd.exe', false],
    ['not a url', false],
  ])('%s allowed: %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });
});

describe('permissions', () => {
  it('denies every permission request and check, and device access', () => {
    const target = new MockSession();
    hardenSession(target as unknown as Session);
    const answers: boolean[] = [];
    (target.permissionRequestHandler as unknown as (...a: unknown[]) => void)(
      null,
      'media',
      (granted: boolean) => answers.push(granted),
    );
    (target.permissionRequestHandler as unknown as (...a: unknown[]) => void)(
      null,
      'notifications',
      (granted: boolean) => answers.push(granted),
    );
    expect(answers).toEqual([false, false]);
    expect((target.permissionCheckHandler as unknown as () => boolean)()).toBe(false);
    expect((target.devicePermissionHandler as unknown as () => boolean)()).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const handler = () => {
    serveRenderer('/srv/renderer');
    const h = protocol.handlers.get('app');
    if (!h) throw new Error('app:// not served');
    return h;
  };

  it('serves the built renderer with the strict CSP', async () => {
    const response = await handler()(new Request(APP_INDEX_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(net.fetched.at(-1)).toBe('file:///srv/renderer/index.html');
  });

  it.each([
    'app://tunnelkeeper/..%2f..%2fetc%2fpasswd',
    'app://tunnelkeeper/..%5c..%5cWindows%5cwin.ini',
    'app://other/index.html',
    'app://tunnelkeeper/%E0%A4%A',
  ])('refuses %s', async (url) => {
    const before = net.fetched.length;
    expect((await handler()(new Request(url))).status).toBe(404);
    expect(net.fetched.length).toBe(before);
  });

  it.each([
    'app://tunnelkeeper/%2e%2e/%2e%2e/Windows/win.ini',
    'app://tunnelkeeper/assets/../../../etc/passwd',
  ])('never reads outside the renderer folder for %s', async (url) => {
    const response = await handler()(new Request(url));
    if (response.status !== 404) expect(net.fetched.at(-1)).toMatch(/^file:\/\/\/srv\/renderer\//);
  });

  it('forbids inline script, eval, remote connections and framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
