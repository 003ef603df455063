import { CodedError } from './errors';
import type { StoreFile } from './store-file';

/**
 * Passwords the user typed once (profile `auth.passwordRef` names them). They are written only
 * encrypted by the OS (DPAPI on Windows, Keychain on macOS, the Secret Service on Linux) and
 * read only in main; the renderer can store or delete one, never read it back.
 */
export interface SecretStore {
  set(ref: string, secret: string): void;
  get(ref: string): string | undefined;
  delete(ref: string): void;
}

/** The part of Electron's `safeStorage` we use. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * On Linux without a keyring Electron falls back to `basic_text`, a fixed key compiled into
 * Chromium: that is obfuscation, not encryption, and we treat it as unavailable.
 */
export function encryptionAvailable(safeStorage: SafeStorageLike, platform: string): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text')
    return false;
  return true;
}

export function createSafeStorageSecretStore(
  safeStorage: SafeStorageLike,
  file: StoreFile<Record<string, string>>,
  platform: string = process.platform,
): SecretStore {
  return {
    set(ref, secret) {
      if (!encryptionAvailable(safeStorage, platform))
        throw new CodedError(
          'encryption-unavailable',
          'the OS offers no encryption for secrets; refusing to store one in plain text',
        );
      file.set(ref, safeStorage.encryptString(secret).toString('base64'));
    },
    get(ref) {
      const stored = file.get(ref);
      if (typeof stored !== 'string') return undefined;
      if (!encryptionAvailable(safeStorage, platform))
        throw new CodedError('encryption-unavailable');
      return safeStorage.decryptString(Buffer.from(stored, 'base64'));
    },
    delete(ref) {
      file.delete(ref);
    },
  };
}
