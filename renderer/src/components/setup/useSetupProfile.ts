import type { Profile, ProfileInput } from '../../../../contract';
import { saveProfile } from '../../actions';
import { useAppStore } from '../../store';

/** The profile the assistant is setting up (saved from the first step on), or undefined. */
export function useSetupProfile(): Profile | undefined {
  return useAppStore((s) => s.profiles.find((p) => p.id === s.setupProfileId));
}

/** Saves a change to the profile being set up; every step writes what it decided at once. */
export async function updateSetupProfile(change: (p: Profile) => ProfileInput): Promise<Profile> {
  const state = useAppStore.getState();
  const current = state.profiles.find((p) => p.id === state.setupProfileId);
  if (!current) throw new Error('not-found');
  return saveProfile(change(current));
}
