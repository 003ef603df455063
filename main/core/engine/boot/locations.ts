import path from 'node:path';
import type { BootLocations, BootPlatform } from './types';

/** The platform Node runs on, as `--platform` names it; null where there is no boot service. */
export function hostPlatform(platform: NodeJS.Platform = process.platform): BootPlatform | null {
  if (platform === 'win32') return 'windows';
  if (platform === 'linux') return 'linux';
  if (platform === 'darwin') return 'macos';
  return null;
}

/** Path rules of the target platform (a dry run may plan for another OS than this one). */
export function pathFor(platform: BootPlatform): path.PlatformPath {
  return platform === 'windows' ? path.win32 : path.posix;
}

/**
 * Fixed names, so that `uninstall` (and a later `install`, which replaces) finds what `install`
 * wrote. The stable folders are per machine and writable by administrators/root only:
 * Windows %ProgramData%\Tunnelkeeper\engine (the task XML is kept there too), Linux
 * /usr/local/lib/tunnelkeeper (FHS: software installed locally), macOS
 * /Library/Application Support/Tunnelkeeper.
 */
export function defaultLocations(
  platform: BootPlatform,
  env: NodeJS.ProcessEnv = process.env,
): BootLocations {
  switch (platform) {
    case 'windows': {
      const stableDir = path.win32.join(
        env.ProgramData ?? 'C:\\ProgramData',
        'Tunnelkeeper',
        'engine',
      );
      return {
        service: 'Tunnelkeeper\\Engine',
        definitionFile: path.win32.join(stableDir, 'tunnelkeeper-engine.xml'),
        stableDir,
      };
    }
    case 'linux':
      return {
        service: 'tunnelkeeper-engine.service',
        definitionFile: '/etc/systemd/system/tunnelkeeper-engine.service',
        stableDir: '/usr/local/lib/tunnelkeeper',
      };
    case 'macos':
      return {
        service: 'com.tunnelkeeper.engine',
        definitionFile: '/Library/LaunchDaemons/com.tunnelkeeper.engine.plist',
        stableDir: '/Library/Application Support/Tunnelkeeper',
      };
  }
}
