/**
 * "Unlock at start": after a reboot, keys the admin marked are unlocked again — headless from
 * their passphrase file, in the app by asking once (the app passes `ask`). One failing key never
 * stops the others; the results say which failed and why (never the passphrase).
 */
import { readSecretFile } from '../credentials';
import type { AgentKeyInfo, Keyring } from './keyring';

export interface StartupKey {
  keyFile: string;
  passphraseFile?: string;
  lifetimeSeconds?: number;
}

export type StartupResult =
  | { keyFile: string; ok: true; key: AgentKeyInfo }
  | { keyFile: string; ok: false; code: string; message: string };

export async function unlockAtStart(
  keyring: Keyring,
  keys: readonly StartupKey[],
  ask?: (keyFile: string) => Promise<string | undefined>,
): Promise<StartupResult[]> {
  const results: StartupResult[] = [];
  for (const entry of keys) {
    try {
      const passphrase = entry.passphraseFile
        ? await readSecretFile(entry.passphraseFile)
        : await ask?.(entry.keyFile);
      const key = await keyring.unlockFile(entry.keyFile, passphrase || undefined, {
        lifetimeSeconds: entry.lifetimeSeconds,
      });
      results.push({ keyFile: entry.keyFile, ok: true, key });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unknown';
      results.push({ keyFile: entry.keyFile, ok: false, code, message: (error as Error).message });
    }
  }
  return results;
}
