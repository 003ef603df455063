// Runs sandboxed with contextIsolation: exposes named methods only, never ipcRenderer itself.
// At run time it imports only the contract's plain constants (channel names, error codes), so
// the sandboxed preload bundle stays a few lines; main validates everything it receives anyway.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { Api } from '../contract/api';
import { bridgeErrorCode } from '../contract/bridge-errors';
import { Channels, Events, type Channel, type EventChannel } from '../contract/channels';

async function call<T>(channel: Channel, payload?: unknown): Promise<T> {
  try {
    return (await ipcRenderer.invoke(channel, payload)) as T;
  } catch (error) {
    throw new Error(bridgeErrorCode(error));
  }
}

/** The renderer's listener never sees the IpcRendererEvent (it would expose `sender`). */
function subscribe<T>(channel: EventChannel, listener: (value: T) => void): () => void {
  const handler = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}

const api: Api = {
  appInfo: () => call(Channels.appInfo),
  openExternal: (url) => call(Channels.appOpenExternal, { url }),
  appPaths: () => call(Channels.appPaths),
  chooseFile: (purpose) => call(Channels.appChooseFile, { purpose }),
  // Sandboxed pages no longer see File.path; the preload may ask Electron for a dropped file's.
  pathForFile: (file) => webUtils.getPathForFile(file),

  listTunnels: () => call(Channels.tunnelsList),
  startTunnel: (id) => call(Channels.tunnelsStart, { id }),
  stopTunnel: (id) => call(Channels.tunnelsStop, { id }),
  onTunnelsChanged: (listener) => subscribe(Events.tunnelsChanged, listener),
  onHostKeyPrompt: (listener) => subscribe(Events.tunnelsHostKey, listener),
  answerHostKey: (tunnelId, decision) =>
    call(Channels.tunnelsAnswerHostKey, { tunnelId, decision }),
  onOpenTroubleshooting: (listener) =>
    subscribe<{ tunnelId: string }>(Events.tunnelsTroubleshoot, (event) =>
      listener(event.tunnelId),
    ),
  onOpenKeys: (listener) =>
    subscribe<{ keyFile?: string }>(Events.uiOpenKeys, (event) => listener(event.keyFile)),

  tailLog: (tunnelId, limit) =>
    call(Channels.logsTail, limit === undefined ? { tunnelId } : { tunnelId, limit }),
  onLogLine: (listener) => subscribe(Events.logsLine, listener),

  getSettings: () => call(Channels.settingsGet),
  setSettings: (patch) => call(Channels.settingsSet, patch),
  onSettingsChanged: (listener) => subscribe(Events.settingsChanged, listener),

  listProfiles: () => call(Channels.profilesList),
  saveProfile: (profile) => call(Channels.profilesSave, profile),
  deleteProfile: (id) => call(Channels.profilesDelete, { id }),

  listKeys: () => call(Channels.keysList),
  convertKey: (request) => call(Channels.keysConvert, request),
  generateKey: (request) => call(Channels.keysGenerate, request),
  inspectKey: (path, passphrase) =>
    call(Channels.keysInspect, passphrase === undefined ? { path } : { path, passphrase }),
  checkPublicKey: (text) => call(Channels.keysCheckPublic, { text }),
  unlockKey: (path, passphrase) =>
    call(Channels.keysUnlock, passphrase === undefined ? { path } : { path, passphrase }),
  lockKey: (id) => call(Channels.keysLock, { id }),

  previewImport: (source, text) => call(Channels.importsPreview, { source, text }),

  storeSecret: (ref, secret) => call(Channels.secretsStore, { ref, secret }),
  deleteSecret: (ref) => call(Channels.secretsDelete, { ref }),

  runDiagnostics: (tunnelId) => call(Channels.diagnosticsRun, { tunnelId }),
  onDiagnosticsStep: (listener) => subscribe(Events.diagnosticsStep, listener),
  presentedHostKey: (tunnelId) => call(Channels.diagnosticsHostKey, { tunnelId }),
  exportDiagnostics: (tunnelId) => call(Channels.diagnosticsExport, { tunnelId }),
  exportLog: (id) => call(Channels.logsExport, { id }),

  bootStatus: () => call(Channels.engineBootStatus),
  setBoot: (enabled) => call(Channels.engineSetBoot, { enabled }),
  migrationRunners: (profileId) => call(Channels.migrationRunners, { profileId }),
  disableRunner: (location) => call(Channels.migrationDisable, { location }),
  puttySessions: () => call(Channels.migrationPuttySessions),
  puttyHostKey: (profileId) => call(Channels.migrationPuttyHostKey, { profileId }),
  pageantKeys: () => call(Channels.migrationPageantKeys),

  availability: (id, range) => call(Channels.historyAvailability, { id, range }),
};

contextBridge.exposeInMainWorld('tunnelkeeper', api);
