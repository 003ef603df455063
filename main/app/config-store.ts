import { existsSync, statSync, unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import {
  CONFIG_VERSION,
  ConfigDocumentSchema,
  ConfigError,
  emptyConfig,
  loadConfig,
  parseConfig,
  type ConfigDocument,
} from '../core/config/profile';
import type { ConfigRepository } from './ports';
import type { OpenStoreFile, StoreFile } from './store-file';

export const CONFIG_FILE_NAME = 'config';

export function configFilePath(userData: string): string {
  return path.join(userData, `${CONFIG_FILE_NAME}.json`);
}

/**
 * Brings an older config file to the current version exactly as the CLI does (with its backup
 * of the original). Run before the store opens; an invalid file throws ConfigError and is left
 * untouched.
 */
export async function migrateConfigFile(file: string): Promise<void> {
  if (existsSync(file)) await loadConfig(file);
}

/**
 * The config document in electron-store, in the CLI's format: same file name, same schema, same
 * JSON layout, so `tunnelkeeper up --config <userData>/config.json` reads what the app wrote and
 * the app notices what the CLI wrote. Every read validates; an invalid file makes reads and
 * writes fail with ConfigError (→ `invalid-config`) and is never overwritten.
 */
export function createConfigRepository(
  openStore: OpenStoreFile,
  userData: string,
  options: { watchIntervalMs?: number } = {},
): ConfigRepository {
  const file = configFilePath(userData);
  let store: StoreFile<ConfigDocument> | undefined;
  const listeners = new Set<(document: ConfigDocument) => void>();
  /** What listeners last heard, so our own write does not come back through the watcher. */
  let lastNotified = '';
  const notify = (document: ConfigDocument) => {
    const json = JSON.stringify(document);
    if (json === lastNotified) return;
    lastNotified = json;
    for (const listener of listeners) listener(document);
  };

  // The CLI (or an editor) may change the file: poll its stat, which survives the atomic rename
  // writers use (fs.watch would stay on the replaced inode). conf's own watcher is not used: it
  // reads the file inside the watcher callback, where an invalid file would throw.
  let watching = false;
  const onFile = (now: { mtimeMs: number }, before: { mtimeMs: number }) => {
    if (now.mtimeMs === before.mtimeMs) return;
    try {
      notify(repository.read());
    } catch (error) {
      console.error(`config: ignoring an unreadable change to ${file}:`, error);
    }
  };

  // Opening reads the file; retried on each use so a file the user fixed is picked up.
  function opened(): StoreFile<ConfigDocument> {
    store ??= openStore<ConfigDocument>({
      cwd: userData,
      name: CONFIG_FILE_NAME,
      defaults: emptyConfig(),
      serialize: (document) => `${JSON.stringify(document, null, 2)}\n`,
      deserialize: (text) => parseConfig(text, file).document,
    });
    return store;
  }

  // conf reads and parses the file on every access; the tray and the tunnel list ask often.
  // Keep the last parse while the file's size and mtime say it is unchanged.
  let cache: { stamp: string; document: ConfigDocument } | undefined;
  const stamp = () => {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat ? `${stat.mtimeMs}:${stat.size}` : 'missing';
  };

  const repository: ConfigRepository = {
    read() {
      const now = stamp();
      if (cache?.stamp !== now) cache = { stamp: now, document: opened().store };
      return structuredClone(cache.document);
    },
    write(document) {
      const result = ConfigDocumentSchema.safeParse({ ...document, version: CONFIG_VERSION });
      if (!result.success)
        throw new ConfigError(
          `refusing to save an invalid config to ${file}`,
          result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
          file,
        );
      const target = opened();
      void target.store; // reading first refuses to overwrite a file that is currently invalid
      target.store = result.data;
      cache = { stamp: stamp(), document: structuredClone(result.data) };
      notify(result.data);
      return result.data;
    },
    onChange(listener) {
      listeners.add(listener);
      if (!watching) {
        watching = true;
        watchFile(file, { persistent: false, interval: options.watchIntervalMs ?? 2000 }, onFile);
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && watching) {
          watching = false;
          unwatchFile(file, onFile);
        }
      };
    },
  };
  return repository;
}
