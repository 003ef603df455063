import { BrowserWindow, Notification, Tray, app, ipcMain, powerMonitor } from '../mocks/electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startShell } from '../../main/app/shell';
import { APP_INDEX_URL } from '../../main/app/app-protocol';
import { Channels, Events, ProfileSchema } from '../../contract';
import {
  FakeTunnels,
  fakeDiagnostics,
  fakeImports,
  fakeKeys,
  memoryConfig,
  memoryLoginItem,
  memorySecrets,
  PRESENTED,
  snapshot,
} from './fakes';

const profile = (id: string, autostart = false) =>
  ProfileSchema.parse({ id, name: id, host: 'proxy', user: 'u', autostart });

let tunnels: FakeTunnels;
let config: ReturnType<typeof memoryConfig>;
let loginItem: ReturnType<typeof memoryLoginItem>;
let shell: Awaited<ReturnType<typeof startShell>> | undefined;

async function start(argv: string[] = ['Tunnelkeeper.exe']) {
  shell = await startShell({
    assetsDir: '/assets',
    preloadPath: '/out/preload/index.js',
    argv,
    devTools: false,
    config,
    loginItem,
    secrets: memorySecrets(),
    tunnels,
    keys: fakeKeys(),
    diagnostics: fakeDiagnostics,
    imports: fakeImports,
    paths: { config: '/userData/config.json', logs: '/data/logs' },
  });
  return shell;
}

type MenuItem = { id?: string; label?: string; checked?: boolean; click?: (i: unknown) => void };
const window = () => BrowserWindow.instances.at(-1);
const menu = () => (Tray.instances.at(-1)?.menu as { template: MenuItem[] }).template;
const light = () =>
  (Tray.instances.at(-1)?.image as { path: string }).path.match(/tray-(\w+)\./)?.[1];
const sent = (channel: string) =>
  (window()?.webContents.sent ?? []).filter(([c]) => c === channel).map(([, p]) => p);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  BrowserWindow.instances.length = 0;
  Notification.shown.length = 0;
  tunnels = new FakeTunnels([
    snapshot('lic', 'connected', 'License proxy'),
    snapshot('backup', 'stopped'),
  ]);
  config = memoryConfig({ profiles: [profile('lic'), profile('backup')] });
  loginItem = memoryLoginItem();
});
afterEach(() => {
  shell?.dispose();
  shell = undefined;
});

describe('the shell, wired', () => {
  it('opens its window on a normal start and stays in the tray when started at login', async () => {
    await start();
    expect(BrowserWindow.instances).toHaveLength(1);
    shell?.dispose();
    BrowserWindow.instances.length = 0;
    await start(['Tunnelkeeper.exe', '--hidden']);
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('brings up the profiles marked autostart', async () => {
    tunnels = new FakeTunnels([snapshot('lic', 'stopped'), snapshot('backup', 'stopped')]);
    config = memoryConfig({ profiles: [profile('lic'), profile('backup', true)] });
    await start();
    expect(tunnels.list().find((t) => t.id === 'backup')?.state).toBe('connecting');
    expect(tunnels.list().find((t) => t.id === 'lic')?.state).toBe('stopped');
  });

  it('turns the tray yellow and notifies when a tunnel drops; the click opens troubleshooting', async () => {
    await start(['Tunnelkeeper.exe', '--hidden']);
    expect(light()).toBe('green');
    tunnels.set('lic', 'waiting');
    expect(light()).toBe('yellow');
    const notification = Notification.shown.at(-1);
    expect(notification?.options.title).toBe('License proxy lost its connection');
    notification?.emit('click');
    expect(BrowserWindow.instances).toHaveLength(1);
    // The page must have loaded before it can hear which tunnel to show.
    expect(sent(Events.tunnelsTroubleshoot)).toEqual([]);
    window()?.webContents.emit('did-finish-load');
    await flush();
    expect(sent(Events.tunnelsTroubleshoot)).toEqual([{ tunnelId: 'lic' }]);
  });

  it('asks about an untrusted server key and, on “always”, pins it and starts again', async () => {
    await start(['Tunnelkeeper.exe', '--hidden']);
    tunnels.set('lic', 'failed', 'hostkey-unknown');
    await flush();
    window()?.webContents.emit('did-finish-load');
    await flush();
    expect(sent(Events.tunnelsHostKey)).toEqual([
      {
        tunnelId: 'lic',
        host: 'proxy',
        port: 22,
        keyType: 'ssh-ed25519',
        fingerprint: PRESENTED.fingerprint,
      },
    ]);
    const answer = ipcMain.handlers.get(Channels.tunnelsAnswerHostKey);
    await answer?.(
      { senderFrame: { url: APP_INDEX_URL, parent: null } },
      {
        tunnelId: 'lic',
        decision: 'always',
      },
    );
    expect(config.read().profiles.find((p) => p.id === 'lic')?.hostKey.pinned).toEqual([
      PRESENTED.fingerprint,
    ]);
    expect(tunnels.list().find((t) => t.id === 'lic')?.state).toBe('connecting');
  });

  it('cannot trust a key “once” without the engine holding it (policy ask): unsupported', async () => {
    await start(['Tunnelkeeper.exe', '--hidden']);
    tunnels.set('lic', 'failed', 'hostkey-unknown');
    await flush();
    const answer = ipcMain.handlers.get(Channels.tunnelsAnswerHostKey);
    const ours = { senderFrame: { url: APP_INDEX_URL, parent: null } };
    await expect(answer?.(ours, { tunnelId: 'lic', decision: 'once' })).rejects.toThrow(
      /^unsupported$/,
    );
    await answer?.(ours, { tunnelId: 'lic', decision: 'cancel' });
    expect(config.read().profiles.find((p) => p.id === 'lic')?.hostKey.pinned).toEqual([]);
    expect(tunnels.list().find((t) => t.id === 'lic')?.state).toBe('failed');
  });

  it('asks nothing when a tunnel fails for another reason', async () => {
    await start();
    tunnels.set('lic', 'failed', 'auth-rejected');
    window()?.webContents.emit('did-finish-load');
    await flush();
    expect(sent(Events.tunnelsHostKey)).toEqual([]);
  });

  it('keeps the open window up to date with tunnel changes and log lines', async () => {
    await start();
    tunnels.set('lic', 'failed');
    tunnels.log({ tunnelId: 'lic', time: 5, level: 'error', message: 'Authentication failed' });
    expect(sent(Events.tunnelsChanged).at(-1)).toMatchObject([
      { id: 'lic', state: 'failed', cause: 'tcp-refused' },
      { id: 'backup', state: 'stopped' },
    ]);
    expect(sent(Events.logsLine)).toEqual([
      { tunnelId: 'lic', time: 5, level: 'error', message: 'Authentication failed' },
    ]);
    expect(light()).toBe('red');
  });

  it('hides to the tray on close and says so once, even across restarts', async () => {
    await start();
    const close = () => {
      let prevented = false;
      window()?.emit('close', { preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(close()).toBe(true);
    expect(Notification.shown.map((n) => n.options.title)).toEqual([
      'Tunnelkeeper is still running',
    ]);
    expect(close()).toBe(true);
    shell?.dispose();
    await start();
    close();
    expect(Notification.shown).toHaveLength(1);
  });

  it('stops every tunnel before quitting, and then lets the window close', async () => {
    await start();
    await shell?.quit();
    expect(tunnels.list().map((t) => t.state)).toEqual(['stopped', 'stopped']);
    let prevented = false;
    window()?.emit('close', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });

  it('turns start at login on from the tray and tells the window', async () => {
    await start();
    const item = menu().find((i) => i.id === 'start-at-login');
    expect(item?.checked).toBe(false);
    item!.checked = true;
    item?.click?.(item);
    await flush();
    expect(loginItem.enabled).toBe(true);
    expect(sent(Events.settingsChanged).at(-1)).toMatchObject({ startAtLogin: true });
    expect(menu().find((i) => i.id === 'start-at-login')?.checked).toBe(true);
  });

  it('starts and stops a tunnel from its tray submenu', async () => {
    await start();
    const submenu = (id: string) =>
      (menu().find((i) => i.id === `tunnel:${id}`) as { submenu: MenuItem[] }).submenu;
    submenu('backup')
      .find((i) => i.id === 'start:backup')
      ?.click?.({});
    await flush();
    expect(tunnels.list().find((t) => t.id === 'backup')?.state).toBe('connecting');
    submenu('lic')
      .find((i) => i.id === 'stop:lic')
      ?.click?.({});
    await flush();
    expect(tunnels.list().find((t) => t.id === 'lic')?.state).toBe('stopped');
  });

  it('tells, as a notification, why a start from the tray failed', async () => {
    await start();
    tunnels.start = async () => {
      throw Object.assign(new Error('held by pid 4242'), { name: 'LockHeldError' });
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      (menu().find((i) => i.id === 'tunnel:backup') as { submenu: MenuItem[] }).submenu
        .find((i) => i.id === 'start:backup')
        ?.click?.({});
      await flush();
    } finally {
      logged.mockRestore();
    }
    expect(Notification.shown.map((n) => n.options.title)).toEqual([
      'backup is already running in another Tunnelkeeper (the app or the command line)',
    ]);
  });

  it('shows no tunnel notifications when they are turned off', async () => {
    config.write({ ...config.read(), app: { notifications: false } });
    await start();
    tunnels.set('lic', 'waiting');
    expect(Notification.shown).toEqual([]);
  });

  it('retries waiting tunnels at once when the machine resumes', async () => {
    await start();
    powerMonitor.emit('resume');
    expect(tunnels.nudges).toEqual(['resume']);
  });

  it('hands a changed config (the CLI saved it) to the tunnel service', async () => {
    await start();
    config.write({ ...config.read(), profiles: [profile('lic')] });
    await flush();
    expect(tunnels.reloaded.at(-1)?.profiles.map((p) => p.id)).toEqual(['lic']);
  });

  it('follows the language setting in the tray', async () => {
    app.locale = 'ja-JP';
    try {
      await start();
      expect(menu().map((i) => i.label)).toContain('終了');
    } finally {
      app.locale = 'en-US';
    }
  });

  it('says so at start when the config file cannot be read, and changes nothing', async () => {
    const broken = new Error('invalid config');
    broken.name = 'ConfigError';
    config.read = () => {
      throw broken;
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await start();
    } finally {
      logged.mockRestore();
    }
    expect(Notification.shown.map((n) => n.options.title)).toEqual([
      'Tunnelkeeper cannot read its configuration',
    ]);
    expect(String(Notification.shown[0]?.options.body)).toContain('/userData/config.json');
  });

  it('lets go of the tunnel service when disposed', async () => {
    await start();
    shell?.dispose();
    shell = undefined;
    expect(tunnels.listenerCount()).toBe(0);
  });
});
