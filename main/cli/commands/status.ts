import type { Command } from 'commander';
import { queryStatus } from '../../core/control/client';
import { EngineClient, EngineClientError } from '../../core/engine/client';
import type { EngineInfo, EngineTunnel } from '../../core/engine/protocol';
import { defaultRuntimeDir } from '../../core/tunnels/lock';
import type { TunnelSnapshot } from '../../core/tunnels/events';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper status`: the running engine's tunnels (stopped ones too) and those of every
 * running `up` of this user. Nothing running is not an error: `running: false` and an empty list.
 */
async function askEngine(): Promise<{ info: EngineInfo; tunnels: EngineTunnel[] } | undefined> {
  let client: EngineClient;
  try {
    client = await EngineClient.connect({ client: 'tunnelkeeper status' });
  } catch (error) {
    if (error instanceof EngineClientError && error.code === 'no-engine') return undefined;
    if (error instanceof EngineClientError)
      process.stderr.write(`tunnelkeeper: warning: engine not asked: ${error.message}\n`);
    else throw error;
    return undefined;
  }
  try {
    return { info: client.info, tunnels: await client.list() };
  } finally {
    client.close();
  }
}

function forwardText(t: TunnelSnapshot): string {
  return t.forwards
    .map((f) => {
      const c = f.counters;
      const why = f.cause ? ` ${f.cause}` : '';
      return `${f.id}(${f.type} ${f.bindAddress}:${f.bindPort}${f.target ? `→${f.target}` : ''}) ${f.status}${why} active=${c.active} total=${c.total} failed=${c.failed} sent=${c.bytesSent} received=${c.bytesReceived}`;
    })
    .join('\n      ');
}

export const registerStatus: CommandRegistrar = (program: Command) => {
  program
    .command('status')
    .description('show the tunnels of the running engine and of every running `tunnelkeeper up`')
    .option('--json', 'machine output')
    .action(async (options: { json?: boolean }) => {
      const [engine, ups] = await Promise.all([askEngine(), queryStatus(defaultRuntimeDir())]);
      const processes = [
        ...(engine
          ? [
              {
                pid: engine.info.pid,
                startedAt: engine.info.since,
                config: engine.info.config,
                engine: true,
              },
            ]
          : []),
        ...ups.map(({ tunnels: _t, ...rest }) => rest),
      ];
      const tunnels = [
        ...(engine?.tunnels ?? []).map((t) => ({ ...t, pid: engine!.info.pid, engine: true })),
        ...ups.flatMap((p) => p.tunnels.map((t) => ({ ...t, pid: p.pid }))),
      ];
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ running: processes.length > 0, engine: engine?.info ?? null, processes, tunnels })}\n`,
        );
        return;
      }
      if (tunnels.length === 0) {
        process.stdout.write(
          engine
            ? `the engine (pid ${engine.info.pid}) has no profiles in ${engine.info.config}\n`
            : 'no tunnels running (no engine and no `tunnelkeeper up` found for this user)\n',
        );
        return;
      }
      for (const t of tunnels) {
        const cause = t.cause ? ` (${t.cause})` : '';
        const retry = t.retryAt ? `, retry at ${t.retryAt}` : '';
        process.stdout.write(
          `${t.profile}  ${t.state}${cause} since ${t.since}${retry}  [${'engine' in t ? 'engine' : 'up'} pid ${t.pid}]\n` +
            (t.detail ? `      ${t.detail}\n` : '') +
            (t.forwards.length ? `      ${forwardText(t)}\n` : ''),
        );
      }
    });
};
