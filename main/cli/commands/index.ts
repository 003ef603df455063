import type { CommandRegistrar } from '../program';
import { registerAgent } from './agent';
import { registerAlert } from './alert';
import { registerDiagnose } from './diagnose';
import { registerEngine } from './engine';
import { registerExport } from './export';
import { registerHistory } from './history';
import { registerHostkeys } from './hostkeys';
import { registerImport } from './import';
import { registerKeys } from './keys';
import { registerStatus } from './status';
import { registerTunnelControl } from './tunnel-control';
import { registerUp } from './up';

/** Every command of the CLI, in the order `--help` lists them. Add one line per command module. */
export const commands: CommandRegistrar[] = [
  registerKeys,
  registerUp,
  registerStatus,
  registerEngine,
  registerTunnelControl,
  registerDiagnose,
  registerImport,
  registerExport,
  registerAgent,
  registerHostkeys,
  registerAlert,
  registerHistory,
];
