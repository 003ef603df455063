import { Command, CommanderError } from 'commander';
import { VERSION } from '../core/version';
import { commands, modulesFor } from './commands';
import { CliFailure } from './errors';

/** Each command module adds itself to the program (see ./commands/index.ts). */
export type CommandRegistrar = (program: Command) => void;

/**
 * The program with the commands of `modules` (default: every command). Each module is loaded
 * when it is asked for: see ./commands/index.ts.
 */
export async function buildProgram(modules = commands): Promise<Command> {
  const registrars = await Promise.all(modules.map((m) => m.load()));
  const program = new Command('tunnelkeeper')
    .description('Keeps SSH tunnels alive and converts SSH keys (headless face of Tunnelkeeper).')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of registrars) register(program);
  return program;
}

/** Runs the CLI and returns the exit status of cli.md: 0 ok, 1 handled failure, 2 usage error. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = await buildProgram(modulesFor(argv));
  program.configureOutput({
    writeErr: (text) => process.stderr.write(text),
    writeOut: (text) => process.stdout.write(text),
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with exitCode 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof CliFailure) {
      process.stderr.write(`tunnelkeeper: ${error.message}\n`);
      return error.exitCode;
    }
    const text = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tunnelkeeper: unexpected error: ${text}\n`);
    return 1;
  }
}
