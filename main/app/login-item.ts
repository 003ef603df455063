import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Passed by the login item so a start at login goes straight to the tray. */
export const HIDDEN_ARG = '--hidden';

export interface LaunchEnvironment {
  platform: NodeJS.Platform;
  execPath: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The executable the OS should start at login. The portable Windows build unpacks itself to a
 * temporary folder that `process.execPath` points into and that is gone after exit, so the
 * login item must name the portable .exe the user double-clicked (electron-builder passes it as
 * PORTABLE_EXECUTABLE_FILE). Likewise an AppImage runs from a mount that changes every start.
 */
export function launcherPath({ platform, execPath, env }: LaunchEnvironment): string {
  if (platform === 'win32' && env.PORTABLE_EXECUTABLE_FILE) return env.PORTABLE_EXECUTABLE_FILE;
  if (platform === 'linux' && env.APPIMAGE) return env.APPIMAGE;
  return execPath;
}

/** What `app.setLoginItemSettings` gets on Windows and macOS. */
export function loginItemSettings(enabled: boolean, launch: LaunchEnvironment) {
  if (launch.platform === 'darwin') {
    // macOS has no arguments for login items; it tells us with wasOpenedAtLogin instead.
    return { openAtLogin: enabled };
  }
  return { openAtLogin: enabled, path: launcherPath(launch), args: [HIDDEN_ARG] };
}

/** True when the app should start in the tray without opening its window. */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin = false): boolean {
  return argv.includes(HIDDEN_ARG) || wasOpenedAtLogin;
}

/** Electron has no login items on Linux: an XDG autostart entry does the job. */
export function linuxAutostartEntry(launch: LaunchEnvironment): string {
  const quoted = `"${launcherPath(launch).replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tunnelkeeper',
    `Exec=${quoted} ${HIDDEN_ARG}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

export function linuxAutostartFile(env: NodeJS.ProcessEnv): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(configHome, 'autostart', 'tunnelkeeper.desktop');
}

/** The parts of Electron's `app` the login item uses. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
  getLoginItemSettings(options?: { path?: string; args?: string[] }): { openAtLogin: boolean };
}

export interface LoginItem {
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

/** Start at login for the running platform; the OS (or the autostart file) is the truth. */
export function createLoginItem(app: LoginItemApp, launch: LaunchEnvironment): LoginItem {
  if (launch.platform === 'linux') {
    const file = linuxAutostartFile(launch.env);
    return {
      isEnabled: () =>
        fs.access(file).then(
          () => true,
          () => false,
        ),
      async setEnabled(enabled) {
        if (!enabled) return fs.rm(file, { force: true });
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, linuxAutostartEntry(launch), 'utf8');
      },
    };
  }
  // Windows keys the Run entry by path and arguments: ask about exactly ours.
  const query =
    launch.platform === 'win32' ? { path: launcherPath(launch), args: [HIDDEN_ARG] } : undefined;
  return {
    isEnabled: async () => app.getLoginItemSettings(query).openAtLogin,
    setEnabled: async (enabled) => app.setLoginItemSettings(loginItemSettings(enabled, launch)),
  };
}
