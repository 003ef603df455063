export { defaultSecretsFile, FileSecretStore } from './file-store';
export { passwordAuth, type PasswordAuth } from './password-auth';
export { redactingLogger, redactSecrets } from './redact';
export {
  checkRef,
  createSecretResolver,
  envRefName,
  SecretError,
  type MaybePromise,
  type SecretStore,
} from './store';
