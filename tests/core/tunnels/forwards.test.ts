import net, { type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  socks4aConnect,
  socks5Connect,
  startEchoServer,
  startFirehose,
  startSpeakFirstServer,
  type TargetServer,
} from '../../helpers/targets';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

const MiB = 1024 * 1024;

describe('forwards through a real sshd: bytes intact, half-close both ways', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let speaker: TargetServer;
  let service: TunnelService;
  let events: EventLog;
  const ports = { local: 0, remote: 0, dynamic: 0, localSpeak: 0, remoteSpeak: 0 };

  beforeAll(async () => {
    sshd = await startSshd();
    echo = await startEchoServer();
    speaker = await startSpeakFirstServer();
    for (const k of Object.keys(ports) as (keyof typeof ports)[]) ports[k] = await freePort();
    service = testService();
    events = new EventLog(service);
    service.start(
      testProfile(sshd, {
        forwards: [
          {
            type: 'local',
            id: 'L',
            bindPort: ports.local,
            targetHost: '127.0.0.1',
            targetPort: echo.port,
          },
          {
            type: 'remote',
            id: 'R',
            bindPort: ports.remote,
            targetHost: '127.0.0.1',
            targetPort: echo.port,
          },
          { type: 'dynamic', id: 'D', bindPort: ports.dynamic },
          {
            type: 'local',
            id: 'Ls',
            bindPort: ports.localSpeak,
            targetHost: '127.0.0.1',
            targetPort: speaker.port,
          },
          {
            type: 'remote',
            id: 'Rs',
            bindPort: ports.remoteSpeak,
            targetHost: '127.0.0.1',
            targetPort: speaker.port,
          },
        ],
      }),
    );
    await events.state('p1', 'connected');
  });

  afterAll(async () => {
    await service?.stopAll();
    await echo?.close();
    await speaker?.close();
    await sshd?.stop();
  });

  const viaSocks5 = (s: Socket) => socks5Connect(s, '127.0.0.1', echo.port);
  const viaSocks4a = (s: Socket) => socks4aConnect(s, 'localhost', echo.port);

  it.each([
    ['local', () => ports.local, undefined],
    ['remote', () => ports.remote, undefined],
    ['dynamic (SOCKS5)', () => ports.dynamic, viaSocks5],
  ] as const)('%s forward carries 32 MiB both ways intact', async (_name, port, prelude) => {
    const payload = randomPayload(32 * MiB);
    const back = await roundTrip(port(), payload, prelude);
    expect(back.length).toBe(payload.length);
    expect(sha256(back)).toBe(sha256(payload));
  });

  it.each([
    ['local', () => ports.local, undefined],
    ['remote', () => ports.remote, undefined],
    ['dynamic (SOCKS5)', () => ports.dynamic, viaSocks5],
    ['dynamic (SOCKS4a)', () => ports.dynamic, viaSocks4a],
  ] as const)(
    '%s: a client that sends then half-closes still gets the whole reply',
    async (_name, port, prelude) => {
      const request = Buffer.from('GET /license-status\n');
      const reply = await roundTrip(port(), request, prelude);
      expect(reply.toString()).toBe(request.toString());
    },
  );

  it.each([
    ['local', () => ports.localSpeak],
    ['remote', () => ports.remoteSpeak],
  ] as const)(
    '%s: after the server half-closes, what the client still sends arrives',
    async (_name, port) => {
      const before = speaker.received.length;
      const reply = await roundTrip(port(), Buffer.from('late words'));
      expect(reply.toString()).toBe('hello\n');
      await expect.poll(() => speaker.received.length).toBe(before + 1);
      expect(speaker.received[before]!.toString()).toBe('late words');
    },
  );

  it('200 concurrent connections on each forward type arrive intact', async () => {
    const jobs: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      const payload = randomPayload(8 * 1024 + i);
      const [port, prelude] =
        i % 3 === 0
          ? [ports.local, undefined]
          : i % 3 === 1
            ? [ports.remote, undefined]
            : [ports.dynamic, viaSocks5];
      jobs.push(
        roundTrip(port, payload, prelude).then((back) => {
          expect(sha256(back)).toBe(sha256(payload));
        }),
      );
    }
    await Promise.all(jobs);
    const snap = service.get('p1')!;
    const total = snap.forwards.reduce((n, f) => n + f.counters.total, 0);
    expect(total).toBeGreaterThanOrEqual(200);
    await expect
      .poll(() => service.get('p1')!.forwards.every((f) => f.counters.active === 0))
      .toBe(true);
  });

  it('dynamic: a SOCKS5 request to a dead target gets a failure reply and is counted', async () => {
    const dead = await freePort();
    const before = service.get('p1')!.forwards.find((f) => f.id === 'D')!.counters.failed;
    await expect(
      roundTrip(ports.dynamic, Buffer.from('x'), (s) => socks5Connect(s, '127.0.0.1', dead)),
    ).rejects.toThrow(/SOCKS5 connect failed/);
    await events.waitFor(
      (e) => e.type === 'connection' && e.forward === 'D' && e.cause === 'target-unreachable',
    );
    expect(service.get('p1')!.forwards.find((f) => f.id === 'D')!.counters.failed).toBe(before + 1);
  });

  it.each(['local', 'remote'] as const)(
    '%s: a reader that stops reading holds the sender back (backpressure, bounded memory)',
    async (type) => {
      const hose = await startFirehose();
      const port = await freePort();
      const svc = testService();
      const log = new EventLog(svc);
      svc.start(
        testProfile(sshd, {
          id: `bp-${type}`,
          forwards: [
            { type, id: 'F', bindPort: port, targetHost: '127.0.0.1', targetPort: hose.port },
          ],
        }),
      );
      try {
        await log.state(`bp-${type}`, 'connected');
        const reader = net.connect(port, '127.0.0.1');
        reader.on('error', () => undefined);
        reader.pause(); // a stuck client: never reads
        await new Promise((r) => setTimeout(r, 1500));
        const stalled = hose.written();
        await new Promise((r) => setTimeout(r, 500));
        // Only socket buffers and the SSH window (2 MiB) fill up, then the sender waits.
        expect(stalled).toBeLessThan(24 * MiB);
        expect(hose.written() - stalled).toBeLessThan(MiB);
        reader.destroy();
      } finally {
        await svc.stopAll();
        await hose.close();
      }
    },
  );

  it('a remote forward whose target is down rejects and counts target-unreachable', async () => {
    const dead = await freePort();
    const port = await freePort();
    const svc = testService();
    const log = new EventLog(svc);
    svc.start(
      testProfile(sshd, {
        id: 'dead-target',
        forwards: [
          { type: 'remote', id: 'R', bindPort: port, targetHost: '127.0.0.1', targetPort: dead },
        ],
      }),
    );
    try {
      await log.state('dead-target', 'connected');
      const reply = await roundTrip(port, Buffer.from('x')).catch(() => Buffer.alloc(0));
      expect(reply.length).toBe(0);
      const failure = await log.waitFor(
        (e) => e.type === 'connection' && e.cause === 'target-unreachable',
      );
      expect(failure).toMatchObject({ forward: 'R' });
      expect(svc.get('dead-target')!.forwards[0]!.counters.failed).toBe(1);
    } finally {
      await svc.stopAll();
    }
  });
});
