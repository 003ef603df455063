import type { CommandRegistrar } from '../program';

/** Every command of the CLI, in the order `--help` lists them. Add one line per command module. */
export const commands: CommandRegistrar[] = [];
