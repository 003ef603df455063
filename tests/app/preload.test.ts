import { contextBridge, ipcRenderer } from '../mocks/electron';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Channels, Events, type Api } from '../../contract';

let api: Api;
beforeAll(async () => {
  await import('../../preload/index');
  api = contextBridge.exposed.get('tunnelkeeper') as Api;
});
beforeEach(() => {
  ipcRenderer.invoked.length = 0;
  ipcRenderer.reply = () => Promise.resolve(undefined);
});

describe('preload bridge', () => {
  it('exposes one object, window.tunnelkeeper, made of named functions only', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['tunnelkeeper']);
    for (const [name, value] of Object.entries(api)) {
      expect(typeof value, name).toBe('function');
    }
  });

  it('gives the page no ipcRenderer and no generic send/invoke/on', () => {
    const names = Object.keys(api);
    for (const forbidden of ['ipcRenderer', 'send', 'sendSync', 'invoke', 'on', 'postMessage'])
      expect(names).not.toContain(forbidden);
    for (const value of Object.values(api)) expect(value).not.toBe(ipcRenderer.invoke);
  });

  it('sends each call on its own channel with a fixed payload shape', async () => {
    await api.startTunnel('lic');
    await api.tailLog('lic', 50);
    await api.storeSecret('lic.password', 'hunter2');
    expect(ipcRenderer.invoked).toEqual([
      { channel: Channels.tunnelsStart, args: [{ id: 'lic' }] },
      { channel: Channels.logsTail, args: [{ tunnelId: 'lic', limit: 50 }] },
      { channel: Channels.secretsStore, args: [{ ref: 'lic.password', secret: 'hunter2' }] },
    ]);
  });

  it('asks for the boot service status with nothing and changes it with { enabled } only', async () => {
    await api.bootStatus();
    await api.setBoot(true);
    expect(ipcRenderer.invoked).toEqual([
      { channel: Channels.engineBootStatus, args: [undefined] },
      { channel: Channels.engineSetBoot, args: [{ enabled: true }] },
    ]);
  });

  it('asks for a tunnel’s availability with { id, range } only', async () => {
    await api.availability('lic', '7d');
    expect(ipcRenderer.invoked).toEqual([
      { channel: Channels.historyAvailability, args: [{ id: 'lic', range: '7d' }] },
    ]);
  });

  it('gives the page a dropped file’s path through Electron, not through File.path', () => {
    expect(api.pathForFile({ name: 'id_rsa.ppk' } as unknown as File)).toBe(
      'C:\\Users\\admin\\Downloads\\id_rsa.ppk',
    );
    expect(ipcRenderer.invoked).toEqual([]);
  });

  it('hands the page a bare error code, not Electron’s message', async () => {
    ipcRenderer.reply = () =>
      Promise.reject(
        new Error("Error invoking remote method 'keys:convert': Error: wrong-passphrase"),
      );
    await expect(api.listKeys()).rejects.toThrow(/^wrong-passphrase$/);
    ipcRenderer.reply = () => Promise.reject(new Error('something C:\\Users\\admin leaked'));
    await expect(api.listKeys()).rejects.toThrow(/^internal$/);
  });

  it('delivers events without the IPC event object and stops after unsubscribe', () => {
    const received: unknown[] = [];
    const unsubscribe = api.onTunnelsChanged((tunnels) => received.push(tunnels));
    const troubleshoot: string[] = [];
    const stopTroubleshoot = api.onOpenTroubleshooting((id) => troubleshoot.push(id));
    ipcRenderer.emit(Events.tunnelsChanged, []);
    ipcRenderer.emit(Events.tunnelsTroubleshoot, { tunnelId: 'lic' });
    unsubscribe();
    stopTroubleshoot();
    ipcRenderer.emit(Events.tunnelsChanged, [{ id: 'x' }]);
    ipcRenderer.emit(Events.tunnelsTroubleshoot, { tunnelId: 'x' });
    expect(received).toEqual([[]]);
    expect(troubleshoot).toEqual(['lic']);
  });

  it('tells the page to open the Keys view, until it unsubscribes', () => {
    expect(typeof api.onOpenKeys).toBe('function');
    const opened: (string | undefined)[] = [];
    const unsubscribe = api.onOpenKeys((keyFile) => opened.push(keyFile));
    ipcRenderer.emit(Events.uiOpenKeys, { keyFile: '/home/admin/.ssh/id_b' });
    unsubscribe();
    ipcRenderer.emit(Events.uiOpenKeys, {});
    expect(opened).toEqual(['/home/admin/.ssh/id_b']);
  });
});
