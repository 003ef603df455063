import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { randomPayload, sha256 } from '../../helpers/targets';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

/**
 * A download that ends while the local reader is behind: the server side sends everything and
 * closes at once (as an HTTP server with `Connection: close` does); the bytes still buffered
 * toward the slow local reader must all arrive, not be dropped with the socket.
 */
describe('a forward whose far end closes while this side is still reading', () => {
  let sshd: SshdHandle;
  let service: TunnelService;
  let events: EventLog;
  let sender: net.Server;
  const payload = randomPayload(16 * 1024 * 1024);
  let localPort: number;

  beforeAll(async () => {
    sshd = await startSshd();
    sender = net.createServer((socket) => socket.end(payload));
    await new Promise<void>((resolve) => sender.listen(0, '127.0.0.1', resolve));
    localPort = await freePort();
    service = testService();
    events = new EventLog(service);
    service.start(
      testProfile(sshd, {
        forwards: [
          {
            type: 'local',
            id: 'L',
            bindPort: localPort,
            targetHost: '127.0.0.1',
            targetPort: (sender.address() as net.AddressInfo).port,
          },
        ],
      }),
    );
    await events.state('p1', 'connected');
  });
  afterAll(async () => {
    await service?.stopAll();
    events?.unsubscribe();
    sender?.close();
    await sshd?.stop();
  });

  it('every byte arrives, also when the reader pauses and reads in small sips', async () => {
    for (let round = 0; round < 2; round++) {
      const got = await new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const socket = net.connect(localPort, '127.0.0.1');
        socket.pause();
        // A slow reader: nothing for a while (the tunnel has everything and the far end closes),
        // then small reads with pauses between them.
        setTimeout(() => {
          const sip = () => {
            let chunk: Buffer | null;
            let n = 0;
            while (n < 8 && (chunk = socket.read(16 * 1024) as Buffer | null)) {
              chunks.push(chunk);
              n++;
            }
            if (!socket.readableEnded) setTimeout(sip, 2);
          };
          socket.on('readable', () => undefined);
          sip();
        }, 400);
        socket.on('end', () => resolve(Buffer.concat(chunks)));
        socket.on('error', reject);
      });
      expect(got.length).toBe(payload.length);
      expect(sha256(got)).toBe(sha256(payload));
    }
  });
});
