import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../../helpers/targets';
import { connectedService, type EventLog } from '../../helpers/tunnels';

/**
 * What sshd sends and the tunnel never answers (the host-keys notice and the key-options DEBUG
 * lines after authentication, keepalive replies, window adjusts) is acknowledged at once, and the
 * host keys are not proved: otherwise the first forwarded reply of every new tunnel, and a
 * request from the far end of a -R forward now and then, waited ~40 ms behind the client's
 * delayed ACK (server-notices.ts). Read from sshd's own log (DEBUG3): what the client sent it.
 */
describe('what sshd sends and the tunnel does not answer', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let service: TunnelService;
  let events: EventLog;
  let port: number;

  beforeAll(async () => {
    sshd = await startSshd({ extraConfig: ['LogLevel DEBUG3'] });
    echo = await startEchoServer();
    port = await freePort();
    ({ service, events } = await connectedService(sshd, [
      {
        type: 'local',
        id: 'L',
        bindPort: port,
        targetHost: '127.0.0.1',
        targetPort: echo.port,
      },
    ]));
  });
  afterAll(async () => {
    await service?.stopAll();
    events?.unsubscribe();
    await echo?.close();
    await sshd?.stop();
  });

  it('the notices after authentication are answered with an IGNORE, no host-key proof is asked for, and the forward carries bytes', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('license checkout\n'));
      socket.once('data', (c: Buffer) => {
        resolve(c.toString());
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(reply).toBe('license checkout\n');
    const log = sshd.log();
    // The server did send the notice (else this test proves nothing) …
    expect(log).toMatch(/hostkeys-00@openssh\.com|notify_hostkeys/);
    // … and the client acknowledged it without asking the server to sign its keys.
    expect(log).toMatch(/Received SSH2_MSG_IGNORE/);
    expect(log).not.toMatch(/hostkeys-prove-00@openssh\.com/);
  });

  it('every keepalive reply and every window adjust is acknowledged with an IGNORE too', async () => {
    // 400 KiB through the echo: sshd sends a window adjust per ~96 KiB it takes from us.
    const payload = randomPayload(400 * 1024);
    const back = await roundTrip(port, payload);
    expect(sha256(back)).toBe(sha256(payload));
    const count = (re: RegExp) => sshd.log().match(re)?.length ?? 0;
    const keepalives = /server_input_global_request: rtype keepalive@openssh\.com/g;
    // testProfile keeps alive every second; wait for a few of them.
    await expect.poll(() => count(keepalives), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const adjusts = count(/sent adjust/g);
    expect(adjusts).toBeGreaterThan(0);
    // The notices' IGNORE, one per keepalive reply and one per adjust; the newest keepalive's
    // IGNORE may still be on its way.
    await expect
      .poll(() => count(/Received SSH2_MSG_IGNORE/g), { timeout: 5_000 })
      .toBeGreaterThanOrEqual(1 + adjusts + count(keepalives) - 1);
  });
});
