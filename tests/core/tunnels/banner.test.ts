import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { randomPayload, sha256 } from '../../helpers/targets';
import { connectedService, type EventLog } from '../../helpers/tunnels';

/**
 * Servers that speak first (a license server's or mail server's banner): sshd may deliver the
 * first data in the same read as the channel's open confirmation, before the tunnel has joined
 * the channel to the local socket. Those bytes must not be lost (a join without the channel's
 * Readable, tried for issue #19, dropped the first 32 KiB packet of a download this way).
 */
describe('a target that sends its banner at once', () => {
  let sshd: SshdHandle;
  let banner: net.Server;
  let service: TunnelService;
  let events: EventLog;
  const payload = randomPayload(48 * 1024);
  const ports = { local: 0, dynamic: 0, target: 0 };

  beforeAll(async () => {
    sshd = await startSshd();
    banner = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(payload);
    });
    await new Promise<void>((resolve) => banner.listen(0, '127.0.0.1', resolve));
    ports.target = (banner.address() as net.AddressInfo).port;
    ports.local = await freePort();
    ports.dynamic = await freePort();
    ({ service, events } = await connectedService(sshd, [
      {
        type: 'local',
        id: 'L',
        bindPort: ports.local,
        targetHost: '127.0.0.1',
        targetPort: ports.target,
      },
      { type: 'dynamic', id: 'D', bindPort: ports.dynamic },
    ]));
  });
  afterAll(async () => {
    await service?.stopAll();
    events?.unsubscribe();
    banner?.close();
    await sshd?.stop();
  });

  // One listener from the first byte on: the SOCKS5 replies (2 + 10 bytes) and the banner after
  // them, which may come in the same chunk as the reply.
  const read = (port: number, socks: boolean) =>
    new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      let seen = 0;
      socket.on('error', reject);
      socket.on('data', (c: Buffer) => {
        chunks.push(c);
        const before = seen;
        seen += c.length;
        if (socks && before < 2 && seen >= 2) {
          socket.write(
            Buffer.from([5, 1, 0, 1, 127, 0, 0, 1, ports.target >> 8, ports.target & 255]),
          );
        }
      });
      socket.on('end', () => resolve(Buffer.concat(chunks).subarray(socks ? 12 : 0)));
      if (socks) socket.write(Buffer.from([5, 1, 0]));
    });

  it.each([
    ['local', false],
    ['dynamic (SOCKS5)', true],
  ] as const)('%s: 150 connections at once each get the whole banner', async (_name, socks) => {
    const port = socks ? ports.dynamic : ports.local;
    const got = await Promise.all(Array.from({ length: 150 }, () => read(port, socks)));
    const wrong = got.filter((b) => b.length !== payload.length || sha256(b) !== sha256(payload));
    expect(wrong.map((b) => b.length)).toEqual([]);
  });
});
