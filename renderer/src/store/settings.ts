import type { StateCreator } from 'zustand';
import type { AppInfo, AppPaths, Settings } from '../../../contract';
import type { AppState } from './index';

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  startAtLogin: false,
  notifications: true,
  theme: 'system',
};

export interface SettingsSlice {
  settings: Settings;
  appInfo: AppInfo | null;
  paths: AppPaths | null;
  setSettings(settings: Settings): void;
  setAppInfo(info: AppInfo): void;
  setPaths(paths: AppPaths): void;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set) => ({
  settings: DEFAULT_SETTINGS,
  appInfo: null,
  paths: null,
  setSettings: (settings) => set({ settings }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setPaths: (paths) => set({ paths }),
});
