// Runs sandboxed with contextIsolation: exposes named methods only, never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { Channels } from './channels';
import type { Api, TunnelSummary } from './contract';

const api: Api = {
  appInfo: () => ipcRenderer.invoke(Channels.appInfo),
  listTunnels: () => ipcRenderer.invoke(Channels.tunnelsList),
  onTunnelsChanged: (listener) => {
    const handler = (_event: IpcRendererEvent, tunnels: TunnelSummary[]) => listener(tunnels);
    ipcRenderer.on(Channels.tunnelsEvent, handler);
    return () => ipcRenderer.removeListener(Channels.tunnelsEvent, handler);
  },
};

contextBridge.exposeInMainWorld('tunnelkeeper', api);
