/**
 * The profile model's public entry: schemas, types, parse/load/save. Importers, the app and the
 * CLI import from here; the pieces live in schema.ts, migrate.ts, store.ts and warnings.ts.
 */
export * from './schema';
export { migrate, MigrationError } from './migrate';
export {
  ConfigError,
  emptyConfig,
  loadConfig,
  parseConfig,
  parseConfigValue,
  saveConfig,
  type LoadedConfig,
  type LoadOptions,
  type ParsedConfig,
} from './store';
export { configWarnings, profileWarnings, type ConfigWarning } from './warnings';
export { resolvePath, resolveProfilePaths } from './paths';
