import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from '../mocks/electron';
import { describe, expect, it } from 'vitest';
import {
  HIDDEN_ARG,
  createLoginItem,
  linuxAutostartEntry,
  loginItemSettings,
  startsHidden,
} from '../../main/app/login-item';

const installed = {
  platform: 'win32' as const,
  execPath: 'C:\\Users\\admin\\AppData\\Local\\Programs\\Tunnelkeeper\\Tunnelkeeper.exe',
  env: {},
};
const portable = {
  platform: 'win32' as const,
  // The portable build runs from a temporary unpack folder that is deleted on exit …
  execPath: 'C:\\Users\\admin\\AppData\\Local\\Temp\\2nFkM\\Tunnelkeeper.exe',
  // … and names the .exe the user started in this variable.
  env: { PORTABLE_EXECUTABLE_FILE: 'D:\\Tools\\Tunnelkeeper-0.1.0-portable.exe' },
};

describe('start at login', () => {
  it('registers the installed app to start hidden in the tray', () => {
    expect(loginItemSettings(true, installed)).toEqual({
      openAtLogin: true,
      path: installed.execPath,
      args: [HIDDEN_ARG],
    });
  });

  it('registers the portable .exe the user started, not its temporary unpacked copy', () => {
    expect(loginItemSettings(true, portable)).toEqual({
      openAtLogin: true,
      path: 'D:\\Tools\\Tunnelkeeper-0.1.0-portable.exe',
      args: [HIDDEN_ARG],
    });
  });

  it('turns it off for the same entry', () => {
    expect(loginItemSettings(false, portable)).toMatchObject({
      openAtLogin: false,
      path: 'D:\\Tools\\Tunnelkeeper-0.1.0-portable.exe',
    });
  });

  it('on Windows asks the OS about exactly our entry (path and arguments)', async () => {
    const item = createLoginItem(app, portable);
    await item.setEnabled(true);
    expect(app.loginItemSettings).toMatchObject({ openAtLogin: true, args: [HIDDEN_ARG] });
    expect(await item.isEnabled()).toBe(true);
    expect(app.loginItemQuery).toEqual({
      path: portable.env.PORTABLE_EXECUTABLE_FILE,
      args: [HIDDEN_ARG],
    });
  });

  it('on macOS uses a login item without arguments', () => {
    expect(
      loginItemSettings(true, { platform: 'darwin', execPath: '/Applications/T.app', env: {} }),
    ).toEqual({
      openAtLogin: true,
    });
  });

  it('on Linux writes and removes an XDG autostart entry that starts the AppImage hidden', async () => {
    const configHome = mkdtempSync(path.join(os.tmpdir(), 'tk-xdg-'));
    const launch = {
      platform: 'linux' as const,
      execPath: '/tmp/.mount_Tunnel123/tunnelkeeper',
      env: { XDG_CONFIG_HOME: configHome, APPIMAGE: '/home/admin/Apps/Tunnelkeeper.AppImage' },
    };
    const item = createLoginItem(app, launch);
    const file = path.join(configHome, 'autostart', 'tunnelkeeper.desktop');
    expect(await item.isEnabled()).toBe(false);
    await item.setEnabled(true);
    expect(await item.isEnabled()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(
      'Exec="/home/admin/Apps/Tunnelkeeper.AppImage" --hidden',
    );
    await item.setEnabled(false);
    expect(existsSync(file)).toBe(false);
  });

  it('quotes a path with spaces or shell characters in the autostart entry', () => {
    const entry = linuxAutostartEntry({
      platform: 'linux',
      execPath: '/opt/My "Apps"/tk',
      env: {},
    });
    expect(entry).toContain('Exec="/opt/My \\"Apps\\"/tk" --hidden');
  });

  it('starts in the tray when launched at login, and with the window otherwise', () => {
    expect(startsHidden(['Tunnelkeeper.exe', HIDDEN_ARG])).toBe(true);
    expect(startsHidden(['/Applications/T.app/Contents/MacOS/T'], true)).toBe(true);
    expect(startsHidden(['Tunnelkeeper.exe'])).toBe(false);
  });
});
