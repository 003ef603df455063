import type { Profile, ProfileInput, SettingsPatch } from '../../contract';
import { bridge, errorCode } from './bridge';
import { useAppStore } from './store';

/** Calls that go to main and land in the store; each resolves to an error code or null. */
const state = () => useAppStore.getState();

async function attempt(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return errorCode(error);
  }
}

export const startTunnel = (id: string) => attempt(() => bridge().startTunnel(id));
export const stopTunnel = (id: string) => attempt(() => bridge().stopTunnel(id));

export async function saveProfile(profile: ProfileInput): Promise<Profile> {
  const saved = await bridge().saveProfile(profile);
  state().upsertProfile(saved);
  // The list of tunnels follows the profiles; ask once rather than wait for an event.
  void bridge()
    .listTunnels()
    .then((list) => state().setTunnels(list))
    .catch(() => undefined);
  return saved;
}

export async function deleteProfile(id: string): Promise<string | null> {
  const code = await attempt(() => bridge().deleteProfile(id));
  if (!code) state().removeProfile(id);
  return code;
}

export async function runDiagnosis(tunnelId: string): Promise<string | null> {
  state().setDiagnosing(tunnelId, true);
  try {
    state().setReport(await bridge().runDiagnostics(tunnelId));
    return null;
  } catch (error) {
    return errorCode(error);
  } finally {
    state().setDiagnosing(tunnelId, false);
  }
}

export async function loadLogTail(tunnelId: string): Promise<void> {
  try {
    state().setLogTail(tunnelId, await bridge().tailLog(tunnelId, 5000));
  } catch {
    // A tunnel that never ran has no log yet: the live lines still arrive.
  }
}

export async function changeSettings(patch: SettingsPatch): Promise<string | null> {
  // Shown at once; main's answer (or its change event) is the truth that follows.
  state().setSettings({ ...state().settings, ...patch });
  return attempt(async () => state().setSettings(await bridge().setSettings(patch)));
}

export async function refreshKeys(): Promise<void> {
  try {
    state().setKeys(await bridge().listKeys());
  } catch (error) {
    state().setKeysError(errorCode(error));
  }
}
