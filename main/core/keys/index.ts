/** The key toolkit's public surface (CLI, app and tunnel engine import from here). */
export { KeyError, type KeyErrorCode } from './errors';
export { checkPublicKey, type PublicKeyCheck, type PublicKeyProblem } from './check-public';
export { exists, FileExistsError, readPassphraseFile, writeKeyFile } from './files';
export { md5Fingerprint, sha256Fingerprint } from './fingerprint';
export { generateKey, type GenerateOptions, type GenerateType } from './generate';
export { loadPrivateKey, type LoadedKey } from './load';
export { keyBits, type KeyType, type PrivateKey, type PublicKey } from './model';
export { readKey, requirePrivate } from './read';
export type { KeyFormat, ReadOptions, ReadResult } from './types';
export {
  keyWarnings,
  TARGET_FORMATS,
  writeKey,
  writePublic,
  type TargetFormat,
  type WriteOptions,
} from './write';
