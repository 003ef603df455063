// Composition root of the desktop app. The wiring itself (single-instance lock, identity,
// security hooks, services) is main/app/bootstrap.ts, so a test can run it against the Electron
// mock; this file only adds what exists in the real app alone: electron-store and out/.
import path from 'node:path';
import { runApp } from './app/bootstrap';
import { engineBootInvocation } from './app/engine-boot';
import { runEngineBootProcess } from './app/engine-boot-process';
import { electronEngineAttach } from './app/engine-attach-electron';
import { engineInvocation } from './app/engine-launch';
import { runEngineProcess } from './app/engine-process';
import { openElectronStoreFile } from './app/electron-store-file';

// The same binary, started detached by the app, is the engine: it never opens a window.
// Started elevated by the Settings' boot switch, it installs or removes the engine's boot
// service and exits.
const boot = engineBootInvocation(process.argv);
const engine = engineInvocation(process.argv);
if (boot) void runEngineBootProcess(boot);
else if (engine) void runEngineProcess(engine);
else
  runApp({
    openStore: openElectronStoreFile,
    outDir: path.join(__dirname, '..'),
    attachEngine: electronEngineAttach,
  });
