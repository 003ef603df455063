import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { OpenStoreFile, StoreFile } from './store-file';

/**
 * Opens a JSON file with electron-store. electron-store 10 is ESM-only; electron-vite keeps
 * dependencies external, so out/main/index.js (CommonJS) does `require("electron-store")`,
 * which Electron 41's Node (22.12+/24) loads as require(esm): no top-level await in its graph,
 * and `__esModule` is set, so the default export arrives intact. The package ships in the
 * app's node_modules (a production dependency) inside the asar.
 *
 * Dots in keys are literal (secret names may contain them), and an unreadable file is never
 * silently replaced with defaults.
 */
export const openElectronStoreFile: OpenStoreFile = (options) => {
  const store = new ElectronStore({
    ...options,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  }) as unknown as StoreFile<never>;
  // electron-store answers this synchronous channel for stores in renderers, to any sender.
  // We have none, and every channel main listens on must check its sender: remove it.
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
};
