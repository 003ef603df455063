import type { Command } from 'commander';
import { queryStatus } from '../../core/control/client';
import { defaultRuntimeDir } from '../../core/tunnels/lock';
import type { TunnelSnapshot } from '../../core/tunnels/events';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper status`: asks every running `up` of this user over its local control endpoint.
 * Nothing running is not an error: `running: false` and an empty list.
 */
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
    .description('show the tunnels of every running `tunnelkeeper up` on this machine')
    .option('--json', 'machine output')
    .action(async (options: { json?: boolean }) => {
      const processes = await queryStatus(defaultRuntimeDir());
      const tunnels = processes.flatMap((p) => p.tunnels.map((t) => ({ ...t, pid: p.pid })));
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({
            running: processes.length > 0,
            processes: processes.map(({ tunnels: _t, ...rest }) => rest),
            tunnels,
          })}\n`,
        );
        return;
      }
      if (tunnels.length === 0) {
        process.stdout.write('no tunnels running (no `tunnelkeeper up` found for this user)\n');
        return;
      }
      for (const t of tunnels) {
        const cause = t.cause ? ` (${t.cause})` : '';
        const retry = t.retryAt ? `, retry at ${t.retryAt}` : '';
        process.stdout.write(
          `${t.profile}  ${t.state}${cause} since ${t.since}${retry}  [pid ${t.pid}]\n` +
            (t.detail ? `      ${t.detail}\n` : '') +
            (t.forwards.length ? `      ${forwardText(t)}\n` : ''),
        );
      }
    });
};
