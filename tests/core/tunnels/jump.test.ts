import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net, { type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile, ProfileInput } from '../../../main/core/config/profile';
import { TunnelService } from '../../../main/core/service';
import { freePort } from '../../helpers/ports';
import { startHttpConnectProxy, startSocks5Proxy, type TestProxy } from '../../helpers/proxies';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  socks5Connect,
  startEchoServer,
  type TargetServer,
} from '../../helpers/targets';
import { EventLog, testProfile } from '../../helpers/tunnels';

/**
 * Jump hosts and outbound proxies against real OpenSSH: a bastion sshd and a target sshd on
 * loopback. The target is reached through the bastion (its direct-tcpip open shows in the
 * bastion's DEBUG log, the connection in the target's log) or through a test proxy (which
 * records the CONNECT). Every forward type carries a few MiB intact over each path.
 */
const MiB = 1024 * 1024;

/** Accepts connections and never says a word (a proxy stuck in its handshake). */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
const PROXY_PASSWORD = 'pr0xy-s3cret';

describe('jump hosts and proxies', () => {
  let bastion: SshdHandle;
  let target: SshdHandle;
  let echo: TargetServer;
  let http: TestProxy;
  let socks: TestProxy;
  let service: TunnelService;
  let events: EventLog;
  let logDir: string;

  const jump = (overrides: Partial<NonNullable<ProfileInput['jumps']>[number]> = {}) => ({
    host: bastion.host,
    port: bastion.port,
    user: bastion.user,
    auth: { keyFile: bastion.clientKeyPath },
    hostKey: { pinned: [bastion.hostKeyFingerprint] },
    keepalive: { intervalSeconds: 1, countMax: 2 },
    ...overrides,
  });

  async function forwardsProfile(id: string, extra: Partial<ProfileInput>): Promise<Profile> {
    return testProfile(target, {
      id,
      forwards: [
        {
          type: 'local',
          id: 'L',
          bindPort: await freePort(),
          targetHost: '127.0.0.1',
          targetPort: echo.port,
        },
        {
          type: 'remote',
          id: 'R',
          bindPort: await freePort(),
          targetHost: '127.0.0.1',
          targetPort: echo.port,
        },
        { type: 'dynamic', id: 'D', bindPort: await freePort() },
      ],
      ...extra,
    });
  }

  /** Every forward type of a running profile carries 3 MiB both ways intact. */
  async function checkForwards(profile: Profile): Promise<void> {
    const port = (id: string) => profile.forwards.find((f) => f.id === id)!.bindPort;
    const viaSocks = (s: Socket) => socks5Connect(s, '127.0.0.1', echo.port);
    for (const [id, prelude] of [
      ['L', undefined],
      ['R', undefined],
      ['D', viaSocks],
    ] as const) {
      const payload = randomPayload(3 * MiB);
      const back = await roundTrip(port(id), payload, prelude);
      expect(sha256(back), `forward ${id}`).toBe(sha256(payload));
    }
  }

  beforeAll(async () => {
    // DEBUG1 makes the bastion log each direct-tcpip open: the proof the path goes through it.
    [bastion, target, echo, http, socks] = await Promise.all([
      startSshd({ extraConfig: ['LogLevel DEBUG1'] }),
      startSshd(),
      startEchoServer(),
      startHttpConnectProxy({ user: 'proxyuser', password: PROXY_PASSWORD }),
      startSocks5Proxy(),
    ]);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-jump-'));
    logDir = path.join(dir, 'logs');
    service = new TunnelService({
      runtimeDir: dir,
      logDir,
      emitLogEvents: true,
      resolveSecret: async (ref) => (ref === 'proxy-password' ? PROXY_PASSWORD : undefined),
    });
    events = new EventLog(service);
  });

  afterAll(async () => {
    await service?.stopAll();
    await Promise.all([echo?.close(), http?.close(), socks?.close()]);
    await Promise.all([bastion?.stop(), target?.stop()]);
  });

  it('runs every forward type through a bastion to the target', async () => {
    const profile = await forwardsProfile('via-bastion', { jumps: [jump()] });
    service.start(profile);
    await events.state('via-bastion', 'connected');
    await checkForwards(profile);
    // The bastion opened the channel to the target's port; the target saw the connection.
    expect(bastion.log()).toMatch(
      new RegExp(`server_request_direct_tcpip: .*target 127\\.0\\.0\\.1 port ${target.port}\\b`),
    );
    expect(target.log()).toMatch(/Connection from 127\.0\.0\.1 port \d+/);
    await service.stop('via-bastion');
  });

  it('runs every forward type through an HTTP CONNECT proxy with basic auth', async () => {
    const profile = await forwardsProfile('via-http', {
      proxy: {
        type: 'http',
        host: '127.0.0.1',
        port: http.port,
        user: 'proxyuser',
        passwordRef: 'proxy-password',
      },
    });
    service.start(profile);
    await events.state('via-http', 'connected');
    await checkForwards(profile);
    expect(http.requests).toContain(`127.0.0.1:${target.port}`);
    await service.stop('via-http');
    const logged = JSON.stringify(events.events) + JSON.stringify(service.logEntries('via-http'));
    expect(logged).not.toContain(PROXY_PASSWORD);
  });

  it('runs every forward type through a SOCKS5 proxy, then the bastion, to the target', async () => {
    const profile = await forwardsProfile('via-socks', {
      proxy: { type: 'socks5', host: '127.0.0.1', port: socks.port },
      jumps: [jump()],
    });
    service.start(profile);
    await events.state('via-socks', 'connected');
    await checkForwards(profile);
    expect(socks.requests).toContain(`127.0.0.1:${bastion.port}`);
    await service.stop('via-socks');
  });

  it('chains two hops (the bastion through itself) before the target', async () => {
    const profile = testProfile(target, {
      id: 'two-hops',
      jumps: [jump(), jump()],
      forwards: [
        {
          type: 'local',
          id: 'L',
          bindPort: await freePort(),
          targetHost: '127.0.0.1',
          targetPort: echo.port,
        },
      ],
    });
    service.start(profile);
    await events.state('two-hops', 'connected');
    const payload = randomPayload(MiB);
    expect(sha256(await roundTrip(profile.forwards[0]!.bindPort, payload))).toBe(sha256(payload));
    // Hop 2 was opened through hop 1: the bastion forwarded to its own port.
    expect(bastion.log()).toMatch(
      new RegExp(`server_request_direct_tcpip: .*target 127\\.0\\.0\\.1 port ${bastion.port}\\b`),
    );
    await service.stop('two-hops');
  });

  it('stops at once while a proxy hangs in its handshake', async () => {
    const silent = await startSilentServer();
    service.start(
      testProfile(target, {
        id: 'hung-proxy',
        proxy: { type: 'socks5', host: '127.0.0.1', port: silent.port },
      }),
    );
    await events.state('hung-proxy', 'connecting');
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    await service.stop('hung-proxy');
    expect(Date.now() - t0).toBeLessThan(1000);
    await silent.close();
  });

  it('recovers the whole chain when the bastion restarts', async () => {
    const profile = testProfile(target, {
      id: 'recover',
      jumps: [jump()],
      forwards: [
        {
          type: 'local',
          id: 'L',
          bindPort: await freePort(),
          targetHost: '127.0.0.1',
          targetPort: echo.port,
        },
      ],
    });
    service.start(profile);
    await events.state('recover', 'connected');
    const from = events.events.length;
    await bastion.kill();
    const lost = await events.state('recover', 'waiting', 15_000, from);
    expect(lost.type === 'state' && lost.detail).toMatch(/^hop 1 \(127\.0\.0\.1:\d+\)/);
    await bastion.restart();
    await events.state('recover', 'connected', 20_000, from);
    const payload = randomPayload(MiB);
    const back = await roundTrip(profile.forwards[0]!.bindPort, payload);
    expect(sha256(back)).toBe(sha256(payload));
    await service.stop('recover');
  });

  it('fails on a wrong bastion host key and names the hop', async () => {
    const wrongPin = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';
    service.start(
      testProfile(target, { id: 'bad-pin', jumps: [jump({ hostKey: { pinned: [wrongPin] } })] }),
    );
    const failed = await events.state('bad-pin', 'failed');
    expect(failed.type === 'state' && failed.cause).toBe('hostkey-mismatch');
    expect(failed.type === 'state' && failed.detail).toMatch(
      new RegExp(
        `^hop 1 \\(127\\.0\\.0\\.1:${bastion.port}\\): .*${bastion.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}`,
      ),
    );
    await service.stop('bad-pin');
  });

  it('says which proxy refused the credentials', async () => {
    service.start(
      testProfile(target, {
        id: 'bad-proxy',
        proxy: { type: 'http', host: '127.0.0.1', port: http.port, user: 'proxyuser' },
      }),
    );
    const waiting = await events.state('bad-proxy', 'waiting');
    expect(waiting.type === 'state' && waiting.cause).toBe('auth-rejected');
    expect(waiting.type === 'state' && waiting.detail).toMatch(
      /^proxy \(http proxy 127\.0\.0\.1:\d+\)/,
    );
    await service.stop('bad-proxy');
  });
});
