import type { Command } from 'commander';
import { EngineClient, EngineClientError } from '../../core/engine/client';
import type { EngineTunnel } from '../../core/engine/protocol';
import type { LogEntry } from '../../core/logging/tunnel-log';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper start|stop|restart <id>`, `logs <id> [--follow]`, `reload`: one tunnel through
 * the running engine. No engine: exit 1, "no engine running" and how to start one (cli.md).
 */
export async function withEngine<T>(
  client: string,
  work: (engine: EngineClient) => Promise<T>,
): Promise<T> {
  let engine: EngineClient;
  try {
    engine = await EngineClient.connect({ client });
  } catch (error) {
    if (error instanceof EngineClientError) throw new CliFailure(error.message);
    throw error;
  }
  try {
    return await work(engine);
  } catch (error) {
    if (error instanceof EngineClientError) throw new CliFailure(error.message);
    throw error;
  } finally {
    engine.close();
  }
}

function stateLine(t: EngineTunnel): string {
  return `${t.profile}: ${t.state}${t.cause ? ` (${t.cause})` : ''}\n`;
}

function logLine(profile: string, e: Pick<LogEntry, 'ts' | 'level' | 'message'>): string {
  return `${e.ts} ${profile} ${e.level} ${e.message}\n`;
}

interface LogsOptions {
  follow?: boolean;
  json?: boolean;
  lines: string;
}

async function logs(id: string, options: LogsOptions): Promise<void> {
  const limit = Number(options.lines);
  if (!Number.isInteger(limit) || limit < 0) throw new CliFailure('--lines takes a whole number');
  const print = (e: Pick<LogEntry, 'ts' | 'level' | 'message'>) =>
    process.stdout.write(
      options.json ? `${JSON.stringify({ ...e, profile: id })}\n` : logLine(id, e),
    );
  await withEngine(`tunnelkeeper logs ${id}`, async (engine) => {
    if (!options.follow) {
      for (const e of await engine.logs(id, limit || undefined)) print(e);
      return;
    }
    await engine.get(id); // an unknown id fails here, naming the known ones
    const ended = new Promise<void>((resolve) => engine.onClose(resolve));
    engine.onEvent((event) => {
      if (event.profile === id && event.type === 'log') print(event);
    });
    const { backlog } = await engine.subscribe({ logs: { backlog: limit || 50 } });
    for (const event of backlog) if (event.profile === id && event.type === 'log') print(event);
    await Promise.race([
      ended,
      new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }),
    ]);
  });
}

export const registerTunnelControl: CommandRegistrar = (program: Command) => {
  for (const [verb, description] of [
    ['start', 'start one tunnel in the running engine'],
    ['stop', 'stop one tunnel in the running engine (its ports are released)'],
    ['restart', 'stop and start one tunnel in the running engine'],
  ] as const)
    program
      .command(`${verb} <id>`)
      .description(description)
      .option('--json', 'the tunnel after the change, as JSON')
      .action((id: string, options: { json?: boolean }) =>
        withEngine(`tunnelkeeper ${verb}`, async (engine) => {
          const tunnel = await engine[verb](id);
          process.stdout.write(options.json ? `${JSON.stringify(tunnel)}\n` : stateLine(tunnel));
        }),
      );
  program
    .command('logs <id>')
    .description("a tunnel's log from the running engine: newest entries, then live with --follow")
    .option('-f, --follow', 'keep printing new entries until Ctrl+C')
    .option('--json', 'one JSON object per entry')
    .option('-n, --lines <n>', 'how many recent entries (0: all kept)', '200')
    .action((id: string, options: LogsOptions) => logs(id, options));
  program
    .command('reload')
    .description('make the running engine re-read its config now (it also watches the file)')
    .option('--json', 'the tunnels after the reload, as JSON')
    .action((options: { json?: boolean }) =>
      withEngine('tunnelkeeper reload', async (engine) => {
        const tunnels = await engine.reload();
        process.stdout.write(
          options.json ? `${JSON.stringify({ tunnels })}\n` : tunnels.map(stateLine).join(''),
        );
      }),
    );
};
