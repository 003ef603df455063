import type { CommandRegistrar } from '../program';
import { registerAgent } from './agent';
import { registerDiagnose } from './diagnose';
import { registerExport } from './export';
import { registerHostkeys } from './hostkeys';
import { registerImport } from './import';
import { registerKeys } from './keys';
import { registerStatus } from './status';
import { registerUp } from './up';

/** Every command of the CLI, in the order `--help` lists them. Add one line per command module. */
export const commands: CommandRegistrar[] = [
  registerKeys,
  registerUp,
  registerStatus,
  registerDiagnose,
  registerImport,
  registerExport,
  registerAgent,
  registerHostkeys,
];
