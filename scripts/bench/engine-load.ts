/**
 * Log traffic for the engine benchmark, in its own process (so that the benchmark process, the
 * bulk source and sink, is not also the load): small writes into a forward of a `verbose: true`
 * profile, towards a discard server. ssh2's protocol log writes one debug line per SSH packet
 * ("Outbound: Sending CHANNEL_DATA (r:…, 100)"), so each write is one log line in the engine.
 * Writes are spread over many connections, at most one per connection per tick, so that the
 * kernel does not merge two of them into one read (and one packet).
 * Run as `node --import tsx engine-load.ts`; a line protocol on stdin/stdout:
 *   (at start)          → `port <discard server port>`
 *   `connect <port> <n>` → `connected`       n connections to the forward
 *   `rate <writes/s>`    → `ok`              0 stops
 *   `count`             → `count <writes> <bytes the discard server received>`
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { connect } from './measure';

const WRITE = Buffer.alloc(100, 0x71);
const TICK_MS = 2;

async function main(): Promise<void> {
  let received = 0;
  const discard = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
  });
  await new Promise<void>((resolve) => discard.listen(0, '127.0.0.1', resolve));
  const sockets: net.Socket[] = [];
  let writes = 0;
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  const answer = (line: string) => process.stdout.write(`${line}\n`);
  answer(`port ${(discard.address() as net.AddressInfo).port}`);

  const setRate = (rate: number) => {
    clearInterval(timer);
    if (rate <= 0) return;
    const t0 = performance.now();
    let due = 0;
    timer = setInterval(() => {
      const target = Math.floor(((performance.now() - t0) * rate) / 1000);
      // A late tick catches up to one write per connection; beyond that the deficit is
      // forgiven: the achieved rate is measured, not assumed.
      const n = Math.min(target - due, sockets.length);
      due = target;
      for (let k = 0; k < n; k++) {
        sockets[next]!.write(WRITE);
        next = (next + 1) % sockets.length;
      }
      writes += n;
    }, TICK_MS);
  };

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, a, b] = line.trim().split(' ');
    if (command === 'connect') {
      void (async () => {
        for (let i = 0; i < Number(b); i++) {
          const socket = await connect(Number(a));
          socket.on('error', () => undefined);
          sockets.push(socket);
        }
        answer('connected');
      })();
    } else if (command === 'rate') {
      setRate(Number(a));
      answer('ok');
    } else if (command === 'count') answer(`count ${writes} ${received}`);
  });
  lines.on('close', () => {
    clearInterval(timer);
    for (const s of sockets) s.destroy();
    discard.close();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
