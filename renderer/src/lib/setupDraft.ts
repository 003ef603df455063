/**
 * Where an unfinished setup stopped: which profile and which step. The profile itself is saved
 * in the config from the first step on (so Cancel and a closed window lose nothing written);
 * this marker only lets the window offer to continue. It is the window's own state, so it
 * lives in the page's storage, not in the config the engine and the CLI read.
 */
export const SETUP_STEPS = [
  'source',
  'key',
  'publicKey',
  'hostKey',
  'test',
  'keepRunning',
  'done',
] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export interface SetupDraft {
  profileId: string;
  step: SetupStep;
}

const KEY = 'tunnelkeeper.setupDraft';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function readDraft(): SetupDraft | null {
  try {
    const value = JSON.parse(storage()?.getItem(KEY) ?? 'null') as Partial<SetupDraft> | null;
    if (
      value &&
      typeof value.profileId === 'string' &&
      SETUP_STEPS.includes(value.step as SetupStep)
    )
      return { profileId: value.profileId, step: value.step as SetupStep };
  } catch {
    // a damaged marker is no draft
  }
  return null;
}

export function writeDraft(draft: SetupDraft | null): void {
  try {
    if (draft) storage()?.setItem(KEY, JSON.stringify(draft));
    else storage()?.removeItem(KEY);
  } catch {
    // storage full or disabled: the profile is saved anyway, only the offer to continue is lost
  }
}
