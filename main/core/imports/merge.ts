import { promises as fs } from 'node:fs';
import {
  emptyConfig,
  loadConfig,
  saveConfig,
  type ConfigDocument,
  type Profile,
} from '../config/profile';

/**
 * `import -o config.json`: read the config first (its ids make the new ones unique), import,
 * then append. A missing file is a new config; an unreadable or invalid one is an error
 * (ConfigError) and nothing is written. Reading never writes: an older document is migrated in
 * memory, and its original is backed up only when the append actually happens. The write is
 * atomic (saveConfig validates, then renames over the old file).
 */
export interface ExistingConfig {
  file: string;
  document: ConfigDocument;
  /** The version the file was in, when it was older than the current one. */
  migratedFrom?: number;
}

export async function existingConfig(file: string): Promise<ExistingConfig> {
  const exists = await fs
    .stat(file)
    .then(() => true)
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    });
  if (!exists) return { file, document: emptyConfig() };
  const loaded = await loadConfig(file, { persistMigration: false });
  return {
    file,
    document: loaded.document,
    ...(loaded.migrated ? { migratedFrom: loaded.fromVersion } : {}),
  };
}

export async function appendProfiles(
  existing: ExistingConfig,
  profiles: readonly Profile[],
): Promise<ConfigDocument> {
  if (existing.migratedFrom !== undefined) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await fs.copyFile(existing.file, `${existing.file}.v${existing.migratedFrom}-${stamp}.bak`);
  }
  return saveConfig(existing.file, {
    ...existing.document,
    profiles: [...existing.document.profiles, ...profiles],
  });
}
