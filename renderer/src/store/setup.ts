import type { StateCreator } from 'zustand';
import { readDraft, writeDraft, type SetupDraft, type SetupStep } from '../lib/setupDraft';
import type { AppState } from './index';

export interface SetupSlice {
  setupOpen: boolean;
  setupStep: SetupStep;
  /** The profile being set up, once the first step saved it. */
  setupProfileId: string | null;
  /** An unfinished setup from before (offered on the Tunnels view). */
  setupDraft: SetupDraft | null;
  /** What the assistant disabled of PuTTY's, with how to undo it (shown when done). */
  setupUndo: { name: string; undo: string }[];
  setSetupUndo(undo: { name: string; undo: string }[]): void;
  /** What step 1 starts on: PuTTY's sessions when opened from "set up from PuTTY". */
  setupStartWith: 'putty' | null;
  /** A new setup, or the draft's where it stopped. */
  openSetup(resume?: SetupDraft, startWith?: 'putty'): void;
  setSetupStep(step: SetupStep): void;
  setSetupProfile(id: string): void;
  /** Cancel or close: the profile stays saved, the draft remembers the step. */
  closeSetup(): void;
  /** Done, or the draft thrown away. */
  clearSetup(): void;
}

export const createSetupSlice: StateCreator<AppState, [], [], SetupSlice> = (set, get) => {
  const remember = () => {
    const { setupProfileId, setupStep } = get();
    const draft =
      setupProfileId && setupStep !== 'done'
        ? { profileId: setupProfileId, step: setupStep }
        : null;
    writeDraft(draft);
    set({ setupDraft: draft });
  };
  return {
    setupOpen: false,
    setupStep: 'source',
    setupProfileId: null,
    setupDraft: readDraft(),
    setupUndo: [],
    setSetupUndo: (setupUndo) => set({ setupUndo }),
    setupStartWith: null,
    openSetup: (resume, startWith) =>
      set({
        setupStartWith: startWith ?? null,
        setupUndo: [],
        setupOpen: true,
        setupStep: resume?.step ?? 'source',
        setupProfileId: resume?.profileId ?? null,
      }),
    setSetupStep: (setupStep) => {
      set({ setupStep });
      remember();
    },
    setSetupProfile: (setupProfileId) => {
      set({ setupProfileId });
      remember();
    },
    closeSetup: () => {
      remember();
      set({ setupOpen: false });
    },
    clearSetup: () => {
      writeDraft(null);
      set({ setupOpen: false, setupProfileId: null, setupStep: 'source', setupDraft: null });
    },
  };
};
