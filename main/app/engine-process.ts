import { app } from 'electron';
import { EngineError } from '../core/engine/engine';
import { EngineRunningError, startEngine } from '../core/engine/run';

/**
 * The app's binary started as the engine (engine-launch.ts): no window, no tray, no dock icon;
 * the same engine as `tunnelkeeper engine run`, until a client asks it to stop or it is signalled.
 */
export async function runEngineProcess(invocation: { configPath?: string }): Promise<void> {
  app.dock?.hide();
  const log = (message: string) => process.stderr.write(`tunnelkeeper engine: ${message}\n`);
  let running;
  try {
    running = await startEngine({ configPath: invocation.configPath, log });
  } catch (error) {
    // Another engine won the race (two app launches at once): that one serves everybody.
    if (error instanceof EngineRunningError || error instanceof EngineError) log(error.message);
    else log(`could not start: ${(error as Error).message}`);
    app.exit(error instanceof EngineRunningError ? 0 : 1);
    return;
  }
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolve);
    void running.shutdownRequested.then(resolve);
  });
  await running.close();
  app.exit(0);
}
