import type { StateCreator } from 'zustand';
import type { HostKeyPrompt } from '../../../contract';
import type { AppState } from './index';

export type View = 'tunnels' | 'logs' | 'keys' | 'settings';
export type Editing = { mode: 'new' } | { mode: 'edit'; id: string } | null;

export interface UiSlice {
  view: View;
  /** The tunnel whose Troubleshoot panel is open. */
  troubleshootId: string | null;
  /** The tunnel the Logs view shows. */
  logTunnelId: string | null;
  editing: Editing;
  importOpen: boolean;
  wizardOpen: boolean;
  hostKeyPrompt: HostKeyPrompt | null;
  setView(view: View): void;
  openTroubleshoot(id: string | null): void;
  /** A notification asked for the Keys view (a key needs its passphrase). */
  showKeys(): void;
  showLogs(id: string): void;
  setLogTunnel(id: string): void;
  setEditing(editing: Editing): void;
  setImportOpen(open: boolean): void;
  setWizardOpen(open: boolean): void;
  setHostKeyPrompt(prompt: HostKeyPrompt | null): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  view: 'tunnels',
  troubleshootId: null,
  logTunnelId: null,
  editing: null,
  importOpen: false,
  wizardOpen: false,
  hostKeyPrompt: null,
  setView: (view) => set({ view }),
  // A notification click lands here: the panel belongs to the tunnels view.
  openTroubleshoot: (troubleshootId) =>
    set(troubleshootId ? { troubleshootId, view: 'tunnels' } : { troubleshootId }),
  showKeys: () => set({ view: 'keys' }),
  showLogs: (id) => set({ logTunnelId: id, view: 'logs' }),
  setLogTunnel: (logTunnelId) => set({ logTunnelId }),
  setEditing: (editing) => set({ editing }),
  setImportOpen: (importOpen) => set({ importOpen }),
  setWizardOpen: (wizardOpen) => set({ wizardOpen }),
  setHostKeyPrompt: (hostKeyPrompt) => set({ hostKeyPrompt }),
});
