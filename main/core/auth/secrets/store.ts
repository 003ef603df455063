/**
 * Where passwords live. A profile holds only a reference (`auth.passwordRef`); the secret is in
 * a SecretStore: Electron safeStorage in the app (main/app/secret-store.ts, whose synchronous
 * store satisfies this interface as is), a user-only file or an environment variable headless.
 * Secrets are never written to config, never logged, never sent to the renderer.
 */
export type MaybePromise<T> = T | Promise<T>;

export interface SecretStore {
  get(ref: string): MaybePromise<string | undefined>;
  set(ref: string, secret: string): MaybePromise<void>;
  delete(ref: string): MaybePromise<void>;
}

export class SecretError extends Error {
  constructor(
    readonly code:
      'secret-missing' | 'secret-unprotected' | 'secret-invalid-ref' | 'secret-read-only',
    message: string,
  ) {
    super(message);
    this.name = 'SecretError';
  }
}

const ENV_REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * `env:NAME` reads the environment variable NAME (for services and CI, where the secret is
 * injected by the runner); any other reference is looked up in the store.
 */
export function envRefName(ref: string): string | undefined {
  return ENV_REF.exec(ref)?.[1];
}

export function checkRef(ref: string): void {
  if (!ref || ref.length > 200 || /[\0\r\n]/.test(ref))
    throw new SecretError('secret-invalid-ref', 'a secret reference is a short single-line name');
  if (ref.startsWith('env:') && !envRefName(ref))
    throw new SecretError('secret-invalid-ref', `"${ref}" is not a valid env:NAME reference`);
}

/** The resolver credentials.ts takes (`SecretResolver`). */
export function createSecretResolver(
  store: SecretStore | undefined,
  env: NodeJS.ProcessEnv = process.env,
): (ref: string) => Promise<string | undefined> {
  return async (ref) => {
    checkRef(ref);
    const name = envRefName(ref);
    if (name) return env[name] || undefined;
    return store ? await store.get(ref) : undefined;
  };
}
