import type { IpcMainInvokeEvent } from 'electron';
import { BrowserWindow, Notification, ipcMain } from '../mocks/electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_INDEX_URL } from '../../main/app/app-protocol';
import { adaptCoreTunnels, type CoreTunnels } from '../../main/app/core-tunnels';
import { startShell } from '../../main/app/shell';
import { Channels, Events, ProfileSchema } from '../../contract';
import {
  FakeTunnels,
  fakeDiagnostics,
  fakeImports,
  fakeKeys,
  memoryConfig,
  memoryLoginItem,
  memorySecrets,
  snapshot,
} from './fakes';

const KEY_A = '/home/admin/.ssh/id_a';
const KEY_B = '/home/admin/.ssh/id_b';
const JUMP_KEY = '/home/admin/.ssh/id_jump';

const profile = (id: string, keyFile?: string, extra: Record<string, unknown> = {}) =>
  ProfileSchema.parse({
    id,
    name: id,
    host: 'proxy',
    user: 'u',
    auth: keyFile ? { keyFile, unlockAtStart: true } : {},
    ...extra,
  });

let tunnels: FakeTunnels;
let config: ReturnType<typeof memoryConfig>;
let shell: Awaited<ReturnType<typeof startShell>> | undefined;

async function start(argv: string[] = ['Tunnelkeeper.exe', '--hidden']) {
  shell = await startShell({
    assetsDir: '/assets',
    preloadPath: '/out/preload/index.js',
    argv,
    devTools: false,
    config,
    loginItem: memoryLoginItem(),
    secrets: memorySecrets(),
    tunnels,
    keys: fakeKeys(),
    diagnostics: fakeDiagnostics,
    imports: fakeImports,
    paths: { config: '/userData/config.json', logs: '/data/logs' },
  });
  return shell;
}

const window = () => BrowserWindow.instances.at(-1);
const sent = (channel: string) =>
  (window()?.webContents.sent ?? []).filter(([c]) => c === channel).map(([, p]) => p);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const ours = { senderFrame: { url: APP_INDEX_URL, parent: null } } as unknown as IpcMainInvokeEvent;
async function invoke(channel: string, payload?: unknown) {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(ours, payload);
}

beforeEach(() => {
  BrowserWindow.instances.length = 0;
  Notification.shown.length = 0;
  ipcMain.handlers.clear();
  tunnels = new FakeTunnels([
    snapshot('a', 'stopped'),
    snapshot('b', 'stopped'),
    snapshot('jumped', 'stopped'),
    snapshot('other', 'stopped'),
  ]);
  config = memoryConfig({
    profiles: [
      profile('a', KEY_A),
      profile('b', KEY_B),
      profile('jumped', undefined, {
        jumps: [{ host: 'bastion', user: 'j', auth: { keyFile: JUMP_KEY } }],
      }),
      profile('other', KEY_B),
    ],
  });
});
afterEach(() => {
  shell?.dispose();
  shell = undefined;
});

describe('keys marked "unlock at start"', () => {
  it('are unlocked before autostart, with no notification when all of them unlock', async () => {
    config = memoryConfig({ profiles: [profile('a', KEY_A, { autostart: true })] });
    let stateAtUnlock: string | undefined;
    tunnels.unlockAtStart = async () => {
      stateAtUnlock = tunnels.list().find((t) => t.id === 'a')?.state;
      return [{ keyFile: KEY_A, ok: true }];
    };
    await start();
    expect(stateAtUnlock).toBe('stopped');
    expect(tunnels.list().find((t) => t.id === 'a')?.state).toBe('connecting');
    expect(Notification.shown).toEqual([]);
  });

  it('shows exactly one notification per key left locked', async () => {
    tunnels.startupKeys = [
      { keyFile: KEY_A, ok: true },
      { keyFile: KEY_B, ok: false, code: 'key-locked' },
      { keyFile: JUMP_KEY, ok: false, code: 'wrong-passphrase' },
      { keyFile: KEY_B, ok: false, code: 'key-locked' },
    ];
    await start();
    expect(tunnels.unlockAtStartCalls).toBe(1);
    expect(Notification.shown.map((n) => n.options.title)).toEqual([
      'The key id_b needs its passphrase',
      'The key id_jump needs its passphrase',
    ]);
  });

  it('opens the window on the Keys view when the notification is clicked', async () => {
    tunnels.startupKeys = [{ keyFile: KEY_B, ok: false, code: 'key-locked' }];
    await start();
    expect(BrowserWindow.instances).toHaveLength(0);
    Notification.shown[0]?.emit('click');
    expect(BrowserWindow.instances).toHaveLength(1);
    window()?.webContents.emit('did-finish-load');
    await flush();
    expect(sent(Events.uiOpenKeys)).toEqual([{ keyFile: KEY_B }]);
  });

  it('still starts the shell and autostarts when unlocking throws', async () => {
    config = memoryConfig({ profiles: [profile('a', KEY_A, { autostart: true })] });
    tunnels.unlockAtStart = async () => {
      throw new Error('boom');
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await start();
    } finally {
      logged.mockRestore();
    }
    expect(tunnels.list().find((t) => t.id === 'a')?.state).toBe('connecting');
    expect(Notification.shown).toEqual([]);
  });
});

describe('unlocking a key in the window', () => {
  it('restarts the tunnels that failed for want of it, and leaves the others alone', async () => {
    await start();
    tunnels.set('a', 'failed', 'key-locked');
    tunnels.set('b', 'failed', 'key-locked');
    tunnels.set('other', 'failed', 'auth-rejected');
    tunnels.set('jumped', 'failed', 'key-locked');
    const seen: string[] = [];
    tunnels.on((event) => {
      if (event.type === 'tunnel') seen.push(`${event.tunnel.id}:${event.tunnel.state}`);
    });
    await invoke(Channels.keysUnlock, { path: KEY_B, passphrase: 'correct horse' });
    expect(seen).toEqual(['b:stopped', 'b:connecting']);
    const state = (id: string) => tunnels.list().find((t) => t.id === id)?.state;
    expect(state('a')).toBe('failed');
    expect(state('other')).toBe('failed');
    expect(state('jumped')).toBe('failed');
  });

  it('restarts a tunnel whose jump host uses the key', async () => {
    await start();
    tunnels.set('jumped', 'failed', 'key-locked');
    await invoke(Channels.keysUnlock, { path: JUMP_KEY, passphrase: 'correct horse' });
    expect(tunnels.list().find((t) => t.id === 'jumped')?.state).toBe('connecting');
  });

  it('restarts nothing when the unlock fails', async () => {
    await start();
    tunnels.set('b', 'failed', 'key-locked');
    await expect(
      invoke(Channels.keysUnlock, { path: KEY_B, passphrase: 'wrong' }),
    ).rejects.toThrow();
    expect(tunnels.list().find((t) => t.id === 'b')?.state).toBe('failed');
  });
});

describe('the core adapter', () => {
  it('unlocks through the core with the configured profiles and reports codes only', async () => {
    const asked: unknown[] = [];
    const core = {
      onEvent: () => () => undefined,
      get: () => undefined,
      unlockAtStart: async (profiles: unknown, ask?: unknown) => {
        asked.push(profiles, ask);
        return [
          { keyFile: KEY_A, ok: true, key: {} },
          { keyFile: KEY_B, ok: false, code: 'key-locked', message: `${KEY_B} is encrypted` },
        ];
      },
    } as unknown as CoreTunnels;
    const adapter = adaptCoreTunnels(core, () => config.read().profiles);
    await expect(adapter.unlockAtStart()).resolves.toEqual([
      { keyFile: KEY_A, ok: true },
      { keyFile: KEY_B, ok: false, code: 'key-locked' },
    ]);
    expect(asked).toEqual([config.read().profiles, undefined]);
  });
});
