import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { startEchoServer, type TargetServer } from '../../helpers/targets';
import { connectedService, type EventLog } from '../../helpers/tunnels';

/**
 * sshd's notices after authentication (the host-keys notice and the key-options DEBUG lines)
 * are acknowledged at once and the host keys are not proved: otherwise the first forwarded reply
 * of every new tunnel waited ~40 ms behind the client's delayed ACK (server-notices.ts). Read
 * from sshd's own log (DEBUG3): what the client sent it.
 */
describe("sshd's notices after authentication", () => {
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

  it('are answered with an IGNORE, no host-key proof is asked for, and the forward carries bytes', async () => {
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
});
