import type { Command } from 'commander';
import { EngineClient, EngineClientError } from '../../core/engine/client';
import type { TunnelEvent } from '../../core/tunnels/events';
import { engineEndpoint } from '../../core/engine/endpoint';
import { EngineError } from '../../core/engine/engine';
import { EngineRunningError, startEngine } from '../../core/engine/run';
import { CliFailure } from '../errors';
import { untilStopSignal } from '../stop-signal';
import type { CommandRegistrar } from '../program';
import { registerEngineInstall } from './engine-install';
import { humanLine } from './up';

/**
 * `tunnelkeeper engine run|status|install|uninstall`: the process that owns the tunnels, so they
 * outlive the window, the session and app restarts (cli.md, "The engine").
 */
interface RunOptions {
  config?: string;
  json?: boolean;
  metrics?: string;
  metricsFile?: string;
}

async function run(options: RunOptions): Promise<void> {
  const say = (message: string) => process.stderr.write(`tunnelkeeper engine: ${message}\n`);
  process.stdout.on('error', () => undefined); // a closed pipe must not kill the tunnels
  const print = (event: TunnelEvent) => {
    if (process.stdout.destroyed) return;
    if (options.json) {
      if (event.type !== 'log') process.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    const line = humanLine(event);
    if (line) process.stdout.write(`${line}\n`);
  };
  let running;
  try {
    running = await startEngine({
      onEvent: print,
      configPath: options.config,
      metrics: options.metrics,
      metricsFile: options.metricsFile,
      log: say,
    });
  } catch (error) {
    if (error instanceof EngineRunningError || error instanceof EngineError)
      throw new CliFailure(error.message);
    throw error;
  }
  say(
    `running (pid ${process.pid}) at ${running.endpoint.address}, config ${running.info.config}, ${running.engine.list().length} profile(s)`,
  );
  await untilStopSignal(running.shutdownRequested);
  say('stopping every tunnel');
  await running.close();
}

async function status(options: { json?: boolean }): Promise<void> {
  const endpoint = engineEndpoint();
  let client: EngineClient;
  try {
    client = await EngineClient.connect({ client: 'tunnelkeeper engine status' });
  } catch (error) {
    if (!(error instanceof EngineClientError)) throw error;
    if (options.json)
      process.stdout.write(
        `${JSON.stringify({ running: false, reason: error.code, message: error.message, endpoint: endpoint.address })}\n`,
      );
    else process.stdout.write(`${error.message}\n`);
    if (error.code === 'no-engine') return;
    throw new CliFailure(error.message);
  }
  try {
    const info = await client.engineInfo();
    const tunnels = await client.list();
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ running: true, ...info, tunnels: tunnels.length })}\n`,
      );
      return;
    }
    process.stdout.write(
      `engine running: pid ${info.pid}, since ${info.since}, version ${info.version}\n` +
        `  config   ${info.config}\n  endpoint ${info.endpoint}\n  tunnels  ${tunnels.length}\n`,
    );
  } finally {
    client.close();
  }
}

export const registerEngine: CommandRegistrar = (program: Command) => {
  const engine = program
    .command('engine')
    .description(
      'the background process that runs the tunnels (tray, window and CLI attach to it)',
    );
  engine
    .command('run')
    .description(
      'run the engine in the foreground (what the boot service runs) until SIGINT/SIGTERM',
    )
    .option('--config <file>', "config file (default: the app's own)")
    .option('--json', 'tunnel events as JSON lines on stdout')
    .option(
      '--metrics <host:port>',
      'serve Prometheus metrics at http://host:port/metrics (loopback unless asked)',
    )
    .option(
      '--metrics-file <file>',
      "also write them to a .prom file (windows_exporter's textfile collector)",
    )
    .action((options: RunOptions) => run(options));
  engine
    .command('status')
    .description('is an engine running: pid, since, config, version, endpoint')
    .option('--json', 'machine output')
    .action((options: { json?: boolean }) => status(options));
  registerEngineInstall(engine);
};
