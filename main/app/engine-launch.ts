import { spawn } from 'node:child_process';

/**
 * Starts the engine as a separate, detached process of the app's own binary, so it outlives the
 * window, a crash and an update of the app.
 *
 * Not `ELECTRON_RUN_AS_NODE`: the RunAsNode fuse stays off (electron-builder.yml), as Electron's
 * security guidance asks — with it on, any local program could use our signed binary as a
 * general-purpose Node. Instead the binary starts its own main script with ENGINE_FLAG, which
 * main/index.ts routes to the engine before any window or single-instance logic.
 * https://www.electronjs.org/docs/latest/tutorial/fuses#runasnode
 */
export const ENGINE_FLAG = '--tunnelkeeper-engine';

export interface LaunchTarget {
  execPath: string;
  /** In development the binary is plain Electron and needs the app folder as its first arg. */
  appPath?: string;
  configPath: string;
}

export function engineLaunchArgs(target: LaunchTarget): string[] {
  return [...(target.appPath ? [target.appPath] : []), ENGINE_FLAG, '--config', target.configPath];
}

export function launchEngineProcess(target: LaunchTarget, run: typeof spawn = spawn): void {
  const child = run(target.execPath, engineLaunchArgs(target), {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
  });
  child.on('error', () => undefined);
  child.unref();
}

/** The engine's own arguments when this process was started as the engine, else undefined. */
export function engineInvocation(argv: readonly string[]): { configPath?: string } | undefined {
  if (!argv.includes(ENGINE_FLAG)) return undefined;
  const at = argv.indexOf('--config');
  return at >= 0 && argv[at + 1] ? { configPath: argv[at + 1] } : {};
}
