import type { IpcMainInvokeEvent } from 'electron';
import { ipcMain } from '../mocks/electron';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL } from '../../main/app/app-protocol';
import { secureWindowOptions } from '../../main/app/window-options';
import { registerIpcHandlers } from '../../main/ipc/handlers';
import { Channels } from '../../preload/contract';

function eventFrom(url: string, parent: unknown = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}

async function invoke(channel: string, event: IpcMainInvokeEvent, payload?: unknown) {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

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
    });
  });
});

describe('IPC bridge in main', () => {
  beforeAll(() => {
    registerIpcHandlers(() => [{ id: 'lic', name: 'License proxy', state: 'connected' }]);
  });

  it('answers our own app:// main frame', async () => {
    const tunnels = await invoke(Channels.tunnelsList, eventFrom(APP_INDEX_URL));
    expect(tunnels).toEqual([{ id: 'lic', name: 'License proxy', state: 'connected' }]);
  });

  it.each([
    ['a web page', 'https://evil.example/index.html', null],
    ['a file URL', 'file:///tmp/index.html', null],
    ['a sub-frame of our page', APP_INDEX_URL, { url: APP_INDEX_URL }],
  ])('rejects a call from %s with the code bad-sender', async (_what, url, parent) => {
    await expect(invoke(Channels.tunnelsList, eventFrom(url, parent))).rejects.toThrow(
      /^bad-sender$/,
    );
  });

  it('rejects an unexpected payload with the code bad-payload', async () => {
    await expect(
      invoke(Channels.appInfo, eventFrom(APP_INDEX_URL), { path: '/etc/passwd' }),
    ).rejects.toThrow(/^bad-payload$/);
  });
});
