import type { StateCreator } from 'zustand';
import type { KeySummary } from '../../../contract';
import type { AppState } from './index';

export interface KeysSlice {
  keys: KeySummary[];
  /** Null until listed; a code when the bridge could not list them. */
  keysError: string | null;
  setKeys(keys: KeySummary[]): void;
  setKeysError(code: string | null): void;
  /** Replaces one key (by id) after main answered for it, e.g. unlocked or locked. */
  updateKey(key: KeySummary): void;
}

export const createKeysSlice: StateCreator<AppState, [], [], KeysSlice> = (set) => ({
  keys: [],
  keysError: null,
  setKeys: (keys) => set({ keys, keysError: null }),
  setKeysError: (keysError) => set({ keysError }),
  updateKey: (key) => set((s) => ({ keys: s.keys.map((k) => (k.id === key.id ? key : k)) })),
});
