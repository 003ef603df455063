import { defaultLocations } from './locations';
import type { BootLocations, BootPlatform, BootSystem } from './types';

/** Is the engine's boot service installed here, and could this process change that itself? */
export interface BootServiceStatus {
  /** This machine's OS; null where Tunnelkeeper has no boot service (nothing is installed). */
  platform: BootPlatform | null;
  installed: boolean;
  /** Root / an elevated administrator: install and uninstall need no elevation. */
  privileged: boolean;
}

/**
 * The read-only question, asked without any rights (the desktop app's Settings ask it):
 * - Windows: `schtasks /Query /TN Tunnelkeeper\Engine` exits 0 when the task exists (the task's
 *   account may read it; an unreadable task counts as not installed);
 * - Linux: `systemctl is-enabled tunnelkeeper-engine.service` exits 0 when it starts at boot
 *   (a unit that is written but disabled does not);
 * - macOS: the daemon's plist is in /Library/LaunchDaemons (launchd loads it at boot).
 */
export async function bootServiceStatus(
  system: BootSystem,
  options: { env?: NodeJS.ProcessEnv; locations?: Partial<BootLocations> } = {},
): Promise<BootServiceStatus> {
  const { platform } = system;
  const privileged = await system.isPrivileged().catch(() => false);
  if (!platform) return { platform, installed: false, privileged };
  const locations = { ...defaultLocations(platform, options.env), ...options.locations };
  return { platform, installed: await isInstalled(platform, locations, system), privileged };
}

async function isInstalled(
  platform: BootPlatform,
  locations: BootLocations,
  system: BootSystem,
): Promise<boolean> {
  switch (platform) {
    case 'windows':
      return (await system.run('schtasks', ['/Query', '/TN', locations.service])).code === 0;
    case 'linux':
      return (await system.run('systemctl', ['is-enabled', locations.service])).code === 0;
    case 'macos':
      return system.exists(locations.definitionFile);
  }
}
