import os from 'node:os';
import path from 'node:path';

/**
 * Where Tunnelkeeper keeps lasting data (logs, its known_hosts) when nothing else is said:
 * %LOCALAPPDATA%\Tunnelkeeper on Windows, $XDG_STATE_HOME/tunnelkeeper (~/.local/state) elsewhere.
 * TUNNELKEEPER_DATA_DIR overrides (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TUNNELKEEPER_DATA_DIR) return env.TUNNELKEEPER_DATA_DIR;
  if (process.platform === 'win32')
    return path.join(
      env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'),
      'Tunnelkeeper',
    );
  return path.join(
    env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'),
    'tunnelkeeper',
  );
}
