import type { CommandRegistrar } from '../program';

/**
 * Every command module of the CLI, in the order `--help` lists them, with the top-level command
 * names it adds. A module is loaded (with the core modules it needs) only when it is needed:
 * `tunnelkeeper up …` loads `./up` alone, so a tunnel's start does not pay for the key
 * converter, the engine client or the diagnostics (issue #19, cold start). `--help`, `help`, an
 * unknown command and the like load them all. Add one line per command module; `names` must
 * list every command its registrar adds to the program (tests/cli/program.test.ts checks).
 */
export interface CommandModule {
  names: readonly string[];
  load: () => Promise<CommandRegistrar>;
}

export const commands: readonly CommandModule[] = [
  { names: ['keys'], load: async () => (await import('./keys')).registerKeys },
  { names: ['up'], load: async () => (await import('./up')).registerUp },
  { names: ['status'], load: async () => (await import('./status')).registerStatus },
  { names: ['engine'], load: async () => (await import('./engine')).registerEngine },
  {
    names: ['start', 'stop', 'restart', 'logs', 'reload'],
    load: async () => (await import('./tunnel-control')).registerTunnelControl,
  },
  { names: ['diagnose'], load: async () => (await import('./diagnose')).registerDiagnose },
  { names: ['import'], load: async () => (await import('./import')).registerImport },
  { names: ['export'], load: async () => (await import('./export')).registerExport },
  { names: ['agent'], load: async () => (await import('./agent')).registerAgent },
  { names: ['hostkeys'], load: async () => (await import('./hostkeys')).registerHostkeys },
  { names: ['alert'], load: async () => (await import('./alert')).registerAlert },
  { names: ['history'], load: async () => (await import('./history')).registerHistory },
];

/**
 * The command modules a command line needs: none for `--version` (commander answers it as soon
 * as it reads it), the one module that adds the first word when that word names a command (its
 * options and help are its own), every module otherwise (the program's help lists them all,
 * `help <command>` and an unknown command's suggestion look through them all).
 */
export function modulesFor(argv: readonly string[]): readonly CommandModule[] {
  const first = argv[0];
  if (first === '--version' || first === '-V') return [];
  const one = commands.find((m) => first !== undefined && m.names.includes(first));
  return one ? [one] : commands;
}
