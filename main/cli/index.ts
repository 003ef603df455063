import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`tunnelkeeper: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
