/**
 * The slice of electron-store (conf) the shell uses, so the config and secret stores can be
 * opened by electron-store in the app and by its base class `conf` in tests: electron-store
 * imports `electron` itself, which the node test project cannot alias inside node_modules.
 */
export interface StoreFile<T extends Record<string, unknown>> {
  /** Reads (and deserializes) the whole file on every access. */
  store: T;
  readonly path: string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface StoreFileOptions<T> {
  cwd: string;
  /** File name without `.json`. */
  name: string;
  defaults?: T;
  serialize?: (value: T) => string;
  deserialize?: (text: string) => T;
  /** Config file mode; secrets use 0o600. */
  configFileMode?: number;
}

export type OpenStoreFile = <T extends Record<string, unknown>>(
  options: StoreFileOptions<T>,
) => StoreFile<T>;
