import { app, dialog, shell, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { FileDialogs } from './ports';

const FILTERS = {
  // Key files often have no extension (id_ed25519) or PuTTY's .ppk: offer both, then all.
  key: [
    { name: 'Keys', extensions: ['ppk', 'pem', 'key', 'pub'] },
    { name: 'All files', extensions: ['*'] },
  ],
  import: [
    {
      name: 'Scripts, registry exports, configs, licenses',
      extensions: ['bat', 'cmd', 'reg', 'conf', 'config', 'lic', 'dat', 'txt'],
    },
    { name: 'All files', extensions: ['*'] },
  ],
} as const;

/** A native open dialog over our window; null when the user cancels. */
export async function chooseFile(
  parent: BrowserWindow | null,
  purpose: keyof typeof FILTERS,
): Promise<string | null> {
  const options = {
    properties: ['openFile' as const, 'dontAddToRecent' as const],
    filters: FILTERS[purpose].map((f) => ({ ...f, extensions: [...f.extensions] })),
  };
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

const SAVE_FILTERS = {
  zip: [{ name: 'Support bundle', extensions: ['zip'] }],
  log: [{ name: 'Log', extensions: ['log', 'txt'] }],
} as const;

/** A native save dialog over our window, starting in Downloads; null when cancelled. */
export async function chooseSavePath(
  parent: BrowserWindow | null,
  defaultName: string,
  kind: keyof typeof SAVE_FILTERS,
): Promise<string | null> {
  const options = {
    defaultPath: path.join(app.getPath('downloads'), defaultName),
    filters: SAVE_FILTERS[kind].map((f) => ({ ...f, extensions: [...f.extensions] })),
    properties: ['showOverwriteConfirmation' as const, 'dontAddToRecent' as const],
  };
  const result = parent
    ? await dialog.showSaveDialog(parent, options)
    : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

export function nativeFileDialogs(parent: () => BrowserWindow | null): FileDialogs {
  return {
    chooseFile: (purpose) => chooseFile(parent(), purpose),
    chooseSavePath: (name, kind) => chooseSavePath(parent(), name, kind),
    reveal: (file) => shell.showItemInFolder(file),
  };
}
