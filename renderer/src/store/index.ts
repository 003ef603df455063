import { create } from 'zustand';
import { createKeysSlice, type KeysSlice } from './keys';
import { createLogsSlice, type LogsSlice } from './logs';
import { createSettingsSlice, type SettingsSlice } from './settings';
import { createSetupSlice, type SetupSlice } from './setup';
import { createTunnelsSlice, type TunnelsSlice } from './tunnels';
import { createUiSlice, type UiSlice } from './ui';

export type AppState = TunnelsSlice & LogsSlice & SettingsSlice & KeysSlice & UiSlice & SetupSlice;

/** The one store of the window; components select narrowly from it. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createTunnelsSlice(...a),
  ...createLogsSlice(...a),
  ...createSettingsSlice(...a),
  ...createKeysSlice(...a),
  ...createUiSlice(...a),
  ...createSetupSlice(...a),
}));

export type AppStore = typeof useAppStore;

/** The state as the window first starts (tests reset to it). */
export const initialState: AppState = useAppStore.getState();
