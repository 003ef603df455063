// Channel names live apart from the zod schemas so the sandboxed preload bundles no dependency.

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
} as const;

export type Channel = (typeof Channels)[keyof typeof Channels];
export type EventChannel = (typeof Events)[keyof typeof Events];

/**
 * Errors cross the bridge as these codes only. The key codes are the key toolkit's
 * (`main/core/keys/errors.ts`); the preload rethrows them as `new Error(code)`.
 */
export const BRIDGE_ERROR_CODES = [
  'bad-sender',
  'bad-payload',
  'internal',
  'not-found',
  /** The tunnel already runs, here or in another Tunnelkeeper process (the CLI): one at a time. */
  'already-running',
  'unavailable',
  'url-not-allowed',
  'invalid-config',
  'encryption-unavailable',
  /** A key would overwrite an existing file: the user picks another name. */
  'file-exists',
  /** Nothing importable in the text, or a format that cannot be recognised. */
  'import-failed',
  'key-unreadable',
  'key-locked',
  'wrong-passphrase',
  'corrupt',
  'unsupported',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];
