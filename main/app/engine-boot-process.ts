import { app } from 'electron';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { nodeBootSystem } from '../core/engine/boot';
import { performBootChange, type BootInvocation } from './engine-boot';

/**
 * The app's binary started elevated by the Settings' boot switch (engine-boot.ts, elevate.ts):
 * no window, no tray, no single-instance lock. It installs or removes the engine's boot service
 * for the app's binary and the given user, writes what it did to --report (a new file, for the
 * app's log; the UAC-elevated process has no stdout the app could read) and to stderr, and exits
 * with the status: 0 done, 1 failed, 2 bad arguments.
 */
export async function runEngineBootProcess(invocation: Partial<BootInvocation>): Promise<void> {
  app.dock?.hide();
  const lines: string[] = [];
  const code = await performBootChange(
    invocation,
    {
      platform: process.platform,
      execPath: process.execPath,
      env: process.env,
      ...(app.isPackaged ? {} : { appPath: app.getAppPath() }),
    },
    nodeBootSystem(),
    (line) => {
      lines.push(line);
      process.stderr.write(`tunnelkeeper boot service: ${line}\n`);
    },
  );
  const report = invocation.report;
  // A new file only ('wx' refuses an existing one or a link), where the app asked.
  if (report && path.isAbsolute(report))
    try {
      writeFileSync(report, `${lines.join('\n')}\n`, { flag: 'wx', mode: 0o644 });
    } catch {
      // the exit status still tells the app how it went
    }
  app.exit(code);
}
