/**
 * The bridge's channel names. Plain constants, apart from the zod schemas, so the sandboxed
 * preload (and the renderer) can import them at run time without bundling a dependency.
 */

/** Renderer → main requests (`ipcRenderer.invoke`), named `domain:verb`. */
export const Channels = {
  appInfo: 'app:info',
  appOpenExternal: 'app:open-external',
  appPaths: 'app:paths',
  appChooseFile: 'app:choose-file',
  tunnelsList: 'tunnels:list',
  tunnelsStart: 'tunnels:start',
  tunnelsStop: 'tunnels:stop',
  tunnelsAnswerHostKey: 'tunnels:answer-host-key',
  logsTail: 'logs:tail',
  logsExport: 'logs:export',
  settingsGet: 'settings:get',
  settingsSet: 'settings:set',
  profilesList: 'profiles:list',
  profilesSave: 'profiles:save',
  profilesDelete: 'profiles:delete',
  keysList: 'keys:list',
  keysConvert: 'keys:convert',
  keysGenerate: 'keys:generate',
  keysInspect: 'keys:inspect',
  keysCheckPublic: 'keys:check-public',
  keysUnlock: 'keys:unlock',
  keysLock: 'keys:lock',
  importsPreview: 'imports:preview',
  secretsStore: 'secrets:store',
  secretsDelete: 'secrets:delete',
  diagnosticsRun: 'diagnostics:run',
  diagnosticsExport: 'diagnostics:export',
  diagnosticsHostKey: 'diagnostics:host-key',
  engineBootStatus: 'engine:boot-status',
  engineSetBoot: 'engine:set-boot',
  historyAvailability: 'history:availability',
  migrationRunners: 'migration:runners',
  migrationDisable: 'migration:disable',
  migrationPuttySessions: 'migration:putty-sessions',
  migrationPuttyHostKey: 'migration:putty-host-key',
  migrationPageantKeys: 'migration:pageant-keys',
} as const;

/** Main → renderer events (`webContents.send`), named `domain:event`. */
export const Events = {
  tunnelsChanged: 'tunnels:changed',
  tunnelsTroubleshoot: 'tunnels:troubleshoot',
  tunnelsHostKey: 'tunnels:host-key',
  logsLine: 'logs:line',
  settingsChanged: 'settings:changed',
  /** A notification asked for the Keys view (a key marked "unlock at start" is locked). */
  uiOpenKeys: 'ui:open-keys',
  /** A check of a running diagnosis was settled (the setup assistant ticks it off). */
  diagnosticsStep: 'diagnostics:step',
} as const;

export type Channel = (typeof Channels)[keyof typeof Channels];
export type EventChannel = (typeof Events)[keyof typeof Events];
