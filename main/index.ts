// Composition root of the desktop app. The wiring itself (single-instance lock, identity,
// security hooks, services) is main/app/bootstrap.ts, so a test can run it against the Electron
// mock; this file only adds what exists in the real app alone: electron-store and out/.
import path from 'node:path';
import { runApp } from './app/bootstrap';
import { openElectronStoreFile } from './app/electron-store-file';

runApp({ openStore: openElectronStoreFile, outDir: path.join(__dirname, '..') });
