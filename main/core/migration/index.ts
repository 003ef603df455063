/** Migration from PuTTY: the public surface the app and the CLI wire to. */
export { fakeMigrationSeam, type FakeMigrationSeam, type FakeSeamInit } from './fake-seam';
export { parseLnk, LnkError, type ShellLink } from './lnk';
export { matchRunners, type ForwardOverlap, type MatchedRunner, type RunnerMatch } from './match';
export { parsePageantArgs, type PageantArgs, type PageantKey } from './pageant';
export type { FoundPageantKey, Problem, Runner, RunnerKind } from './runners';
export {
  disableRunner,
  scanForMigration,
  type MigrationRunner,
  type MigrationScan,
  type ScanOptions,
} from './scan';
export {
  DISABLED_SUFFIX,
  type MigrationSeam,
  type StartupFolder,
  type StartupItem,
  type UndoInstruction,
} from './seam';
export { parseTaskXml, TaskXmlError, type ScheduledTaskInfo } from './task-xml';
export { windowsMigrationSeam } from './windows-seam';
