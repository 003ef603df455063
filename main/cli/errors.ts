/**
 * A failure the CLI reports in one line on stderr with exit status 1 (cli.md): the user's input
 * or environment is wrong, not the program.
 */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}
