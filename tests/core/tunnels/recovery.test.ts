import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { killServerHard } from '../../helpers/sshd-kill';
import { startFreezingProxy, type FreezingProxy } from '../../helpers/freezing-proxy';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../../helpers/targets';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

async function works(port: number): Promise<boolean> {
  const payload = randomPayload(64 * 1024);
  const back = await roundTrip(port, payload).catch(() => Buffer.alloc(0));
  return sha256(back) === sha256(payload);
}

describe('recovery: the tunnel comes back by itself', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let service: TunnelService;
  let events: EventLog;

  beforeAll(async () => {
    sshd = await startSshd();
    echo = await startEchoServer();
  });
  afterEach(async () => {
    await service?.stopAll();
    events?.unsubscribe();
  });
  afterAll(async () => {
    await echo?.close();
    await sshd?.stop();
  });

  it('server killed (listener and sessions) and restarted → connected again, forwards work', async () => {
    const local = await freePort();
    const remote = await freePort();
    service = testService();
    events = new EventLog(service);
    service.start(
      testProfile(sshd, {
        forwards: [
          {
            type: 'local',
            id: 'L',
            bindPort: local,
            targetHost: '127.0.0.1',
            targetPort: echo.port,
          },
          {
            type: 'remote',
            id: 'R',
            bindPort: remote,
            targetHost: '127.0.0.1',
            targetPort: echo.port,
          },
        ],
      }),
    );
    await events.state('p1', 'connected');
    expect(await works(local)).toBe(true);

    const mark = events.events.length;
    await killServerHard(sshd);
    const lost = await events.state('p1', 'waiting', 10_000, mark);
    expect(lost).toMatchObject({ cause: expect.stringMatching(/^(connection-lost|tcp-refused)$/) });
    // While the server is down the local port is released, not left half-alive.
    expect(await works(local)).toBe(false);

    const back = events.events.length;
    await sshd.restart();
    await events.state('p1', 'connected', 15_000, back);
    expect(await works(local)).toBe(true);
    expect(await works(remote)).toBe(true);
  });

  it('a frozen link → waiting with keepalive-timeout within the bound, then recovery', async () => {
    let proxy: FreezingProxy | undefined;
    try {
      proxy = await startFreezingProxy(sshd.port);
      const local = await freePort();
      service = testService();
      events = new EventLog(service);
      // keepalive 1 s × (2 + 1) → declared dead after about 3 s.
      service.start(
        testProfile(sshd, {
          port: proxy.port,
          keepalive: { intervalSeconds: 1, countMax: 2 },
          forwards: [
            {
              type: 'local',
              id: 'L',
              bindPort: local,
              targetHost: '127.0.0.1',
              targetPort: echo.port,
            },
          ],
        }),
      );
      await events.state('p1', 'connected');
      expect(await works(local)).toBe(true);

      const mark = events.events.length;
      const frozenAt = Date.now();
      proxy.freeze();
      const dead = await events.state('p1', 'waiting', 10_000, mark);
      const declaredAfter = Date.now() - frozenAt;
      expect(dead).toMatchObject({ cause: 'keepalive-timeout' });
      expect(declaredAfter).toBeLessThan(3_000 + 2_000);
      expect(declaredAfter).toBeGreaterThan(1_500);

      const back = events.events.length;
      proxy.thaw();
      await events.state('p1', 'connected', 20_000, back);
      expect(await works(local)).toBe(true);
    } finally {
      await service?.stopAll();
      await proxy?.close();
    }
  });
});

describe('reconnect while the server still holds our old session', () => {
  it('remote bind refused by our stale session → degraded forward-refused (explained), bound once it frees', async () => {
    const sshd = await startSshd();
    const echo = await startEchoServer();
    const proxy = await startFreezingProxy(sshd.port);
    const service = testService();
    const events = new EventLog(service);
    try {
      const remote = await freePort();
      service.start(
        testProfile(sshd, {
          port: proxy.port,
          forwards: [
            {
              type: 'remote',
              id: 'lic',
              bindPort: remote,
              targetHost: '127.0.0.1',
              targetPort: echo.port,
            },
          ],
        }),
      );
      await events.state('p1', 'connected');
      proxy.freeze();
      await events.state('p1', 'waiting', 10_000);
      // The network comes back, but the server never noticed the old session die.
      const mark = events.events.length;
      proxy.thaw({ keepStale: true });
      const degraded = await events.state('p1', 'degraded', 15_000, mark);
      expect(degraded).toMatchObject({ cause: 'forward-refused' });
      expect((degraded as { detail: string }).detail).toMatch(/previous session/);
      // The server finally drops the stale session: the retry (session still up) binds the port.
      const freed = events.events.length;
      proxy.dropStale();
      await events.state('p1', 'connected', 15_000, freed);
      expect(await works(remote)).toBe(true);
      expect(events.states('p1').slice(-2)).toEqual(['degraded:forward-refused', 'connected']);
    } finally {
      await service.stopAll();
      events.unsubscribe();
      await proxy.close();
      await echo.close();
      await sshd.stop();
    }
  });
});

describe('contention: forwards that cannot bind', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let service: TunnelService;

  beforeAll(async () => {
    sshd = await startSshd();
    echo = await startEchoServer();
    service = testService();
  });
  afterAll(async () => {
    await service?.stopAll();
    await echo?.close();
    await sshd?.stop();
  });

  it('a second profile claiming the same remote port → forward-refused while the first keeps working', async () => {
    const events = new EventLog(service);
    const remote = await freePort();
    const other = await freePort();
    service.start(
      testProfile(sshd, {
        id: 'first',
        forwards: [
          {
            type: 'remote',
            id: 'R',
            bindPort: remote,
            targetHost: '127.0.0.1',
            targetPort: echo.port,
          },
        ],
      }),
    );
    await events.state('first', 'connected');
    service.start(
      testProfile(sshd, {
        id: 'second',
        forwards: [
          {
            type: 'remote',
            id: 'same',
            bindPort: remote,
            targetHost: '127.0.0.1',
            targetPort: echo.port,
          },
          {
            type: 'remote',
            id: 'free',
            bindPort: other,
            targetHost: '127.0.0.1',
            targetPort: echo.port,
          },
        ],
      }),
    );
    const degraded = await events.waitFor(
      (e) => e.type === 'state' && e.profile === 'second' && e.state === 'degraded',
    );
    expect(degraded).toMatchObject({ cause: 'forward-refused' });
    expect((degraded as { detail: string }).detail).toMatch(/in use/);
    const refused = await events.waitFor(
      (e) =>
        e.type === 'forward' &&
        e.profile === 'second' &&
        e.forward === 'same' &&
        e.status === 'failed',
    );
    expect(refused).toMatchObject({ cause: 'forward-refused', retryInMs: expect.any(Number) });
    expect(await works(remote)).toBe(true);
    expect(await works(other)).toBe(true);
    expect(service.get('first')!.state).toBe('connected');
    // The refused bind keeps being retried while the session stays up.
    await events.waitFor(
      (e) =>
        e.type === 'forward' &&
        e.profile === 'second' &&
        e.forward === 'same' &&
        e.status === 'failed',
      5_000,
      events.events.indexOf(refused) + 1,
    );
    expect(service.get('second')!.state).toBe('degraded');
    await service.stop('second');
    await service.stop('first');
    events.unsubscribe();
  });

  it('a local port already taken → local-port-in-use while the other forwards work', async () => {
    const net = await import('node:net');
    const squatter = net.createServer();
    const taken = await new Promise<number>((resolve) =>
      squatter.listen(0, '127.0.0.1', () => resolve((squatter.address() as AddressInfo).port)),
    );
    const events = new EventLog(service);
    const free = await freePort();
    try {
      service.start(
        testProfile(sshd, {
          id: 'squatted',
          forwards: [
            {
              type: 'local',
              id: 'taken',
              bindPort: taken,
              targetHost: '127.0.0.1',
              targetPort: echo.port,
            },
            {
              type: 'local',
              id: 'ok',
              bindPort: free,
              targetHost: '127.0.0.1',
              targetPort: echo.port,
            },
          ],
        }),
      );
      const degraded = await events.state('squatted', 'degraded');
      expect(degraded).toMatchObject({ cause: 'local-port-in-use' });
      await events.waitFor(
        (e) => e.type === 'forward' && e.forward === 'ok' && e.status === 'listening',
      );
      expect(await works(free)).toBe(true);
      // Once the port is freed, the retry takes it and the tunnel is whole.
      const mark = events.events.length;
      await new Promise((r) => squatter.close(r));
      await events.state('squatted', 'connected', 10_000, mark);
      expect(await works(taken)).toBe(true);
    } finally {
      squatter.close();
      await service.stop('squatted');
      events.unsubscribe();
    }
  });
});
