import { app } from 'electron';
import { EngineClient } from '../core/engine/client';
import { attachEngine, type Attached } from './engine-attach';
import { launchEngineProcess } from './engine-launch';

/** attachEngine with the real endpoint and this app's binary as the engine to start. */
export function electronEngineAttach(configPath: string): Promise<Attached> {
  return attachEngine({
    connect: () => EngineClient.connect({ client: `Tunnelkeeper app ${app.getVersion()}` }),
    launch: () =>
      launchEngineProcess({
        execPath: process.execPath,
        ...(app.isPackaged ? {} : { appPath: app.getAppPath() }),
        configPath,
      }),
  });
}
