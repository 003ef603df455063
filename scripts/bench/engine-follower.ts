/**
 * A log follower for the engine benchmark, in its own process as the app's window or
 * `tunnelkeeper logs -f` would be: connects with EngineClient, subscribes with `logs: {backlog: 0}`
 * and counts the events it reads. Run as `node --import tsx engine-follower.ts <dataDir>`.
 *   stdout: `ready <attach ms>` once subscribed; then, for each line read on stdin:
 *   `count` → `count <log events> <all events> <log bytes>`;
 *   `off` → `ok` once subscribed without the log lines (state events only), `on` → `ok` once
 *   subscribed to them again: the same connection, with and without the log stream.
 */
import { createInterface } from 'node:readline';
import { EngineClient } from '../../main/core/engine/client';
import { engineEndpoint } from '../../main/core/engine/endpoint';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: engine-follower.ts <dataDir>');
  const t0 = performance.now();
  const client = await EngineClient.connect({
    endpoint: engineEndpoint(dataDir),
    client: 'bench log follower',
  });
  let logs = 0;
  let events = 0;
  let bytes = 0;
  client.onEvent((event) => {
    events++;
    if (event.type === 'log') {
      logs++;
      bytes += event.message.length;
    }
  });
  client.onClose(() => process.exit(0));
  await client.subscribe({ logs: { backlog: 0 } });
  process.stdout.write(`ready ${(performance.now() - t0).toFixed(1)}\n`);
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = line.trim();
    if (command === 'off' || command === 'on')
      void client
        .subscribe(command === 'on' ? { logs: { backlog: 0 } } : {})
        .then(() => process.stdout.write('ok\n'));
    else process.stdout.write(`count ${logs} ${events} ${bytes}\n`);
  });
  process.stdin.on('end', () => {
    client.close();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
