import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../fs/write-atomic';
import { MigrationError, migrate } from './migrate';
import {
  CONFIG_VERSION,
  ConfigDocumentSchema,
  type ConfigDocument,
  type ConfigDocumentInput,
} from './schema';
import { configWarnings, type ConfigWarning } from './warnings';

/**
 * A config document is parsed once per load or save: zod's compiled fast path (one
 * `new Function` per object schema) costs more to build than it saves on one parse — 6 ms of a
 * tunnel's cold start (issue #19, docs/benchmarks.md "Cold start").
 */
const ONCE = { jitless: true } as const;

/** A config that cannot be used; `issues` say where and why. The file is never touched. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
    readonly file?: string,
  ) {
    super(issues.length ? `${message}:\n  ${issues.join('\n  ')}` : message);
    this.name = 'ConfigError';
  }
}

export interface ParsedConfig {
  document: ConfigDocument;
  fromVersion: number;
  migrated: boolean;
  warnings: ConfigWarning[];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length
    ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
    : '(document)';
}

/** Validates (and migrates) a document already read as a JS value. */
export function parseConfigValue(value: unknown, file?: string): ParsedConfig {
  let migrated;
  try {
    migrated = migrate(value);
  } catch (error) {
    if (error instanceof MigrationError)
      throw new ConfigError(`invalid config${file ? ` ${file}` : ''}: ${error.message}`, [], file);
    throw error;
  }
  const result = ConfigDocumentSchema.safeParse(migrated.document, ONCE);
  if (!result.success)
    throw new ConfigError(
      `invalid config${file ? ` ${file}` : ''}`,
      result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
      file,
    );
  return {
    document: result.data,
    fromVersion: migrated.fromVersion,
    migrated: migrated.migrated,
    warnings: configWarnings(result.data),
  };
}

/** Parses JSON text (a UTF-8 BOM is accepted) into a valid current-version document. */
export function parseConfig(text: string, file?: string): ParsedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(
      `config${file ? ` ${file}` : ''} is not valid JSON: ${(error as Error).message}`,
      [],
      file,
    );
  }
  return parseConfigValue(value, file);
}

export interface LoadedConfig extends ParsedConfig {
  file: string;
  /** Where the pre-migration original was copied, when a migration rewrote the file. */
  backupPath?: string;
}

export interface LoadOptions {
  /** Write a migrated document back (after backing up the original). Default true. */
  persistMigration?: boolean;
}

/**
 * Reads a config file. A missing file is an error (callers that create configs check first);
 * an invalid one is reported and left exactly as it is.
 */
export async function loadConfig(file: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config ${file}: ${(error as Error).message}`, [], file);
  }
  const parsed = parseConfig(text, file);
  if (!parsed.migrated || options.persistMigration === false) return { ...parsed, file };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backupPath = `${file}.v${parsed.fromVersion}-${stamp}.bak`;
  await fs.copyFile(file, backupPath);
  await saveConfig(file, parsed.document);
  return { ...parsed, file, backupPath };
}

/** Validates then writes atomically; an invalid document is refused and nothing is written. */
export async function saveConfig(
  file: string,
  document: ConfigDocument | ConfigDocumentInput,
): Promise<ConfigDocument> {
  const result = ConfigDocumentSchema.safeParse({ ...document, version: CONFIG_VERSION }, ONCE);
  if (!result.success)
    throw new ConfigError(
      `refusing to save an invalid config to ${file}`,
      result.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
      file,
    );
  await writeFileAtomic(file, `${JSON.stringify(result.data, null, 2)}\n`);
  return result.data;
}

/** A new, empty document. */
export function emptyConfig(): ConfigDocument {
  return { version: CONFIG_VERSION, profiles: [] };
}
