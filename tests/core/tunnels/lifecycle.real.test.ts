import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adaptCoreTunnels } from '../../../main/app/core-tunnels';
import {
  createTunnelNotifier,
  noticeFor,
  type ShownNotification,
} from '../../../main/app/notifications';
import { shellStrings } from '../../../main/app/strings';
import type { StateEvent } from '../../../main/core/tunnels/events';
import { startCli, type CliProcess } from '../../helpers/cli-process';
import { startFreezingProxy } from '../../helpers/freezing-proxy';
import { freePort } from '../../helpers/ports';
import { startSshd } from '../../helpers/sshd';
import { randomPayload, sha256, startEchoServer } from '../../helpers/targets';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

/**
 * Issue 16: what happens to a running tunnel over its life, against a real OpenSSH sshd —
 * a server that rekeys, a laptop that sleeps, a path that dies silently while the server keeps
 * the stale session. Every check is something the user notices: bytes through the forwards, the
 * state shown, the tray notifications.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `payload` through 127.0.0.1:port, half-closes and reads until the other side's FIN; an
 * empty buffer when that fails or takes longer than `timeoutMs` (a forward whose session is dead
 * may accept and then hang, so a bare round trip could wait forever).
 */
function roundTripWithin(port: number, payload: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    const done = (result: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(Buffer.alloc(0)), timeoutMs);
    socket.on('error', () => done(Buffer.alloc(0)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => done(Buffer.concat(chunks)));
    socket.once('connect', () => socket.end(payload));
  });
}

async function works(port: number, bytes = 64 * 1024, timeoutMs = 3_000): Promise<boolean> {
  const payload = randomPayload(bytes);
  return sha256(await roundTripWithin(port, payload, timeoutMs)) === sha256(payload);
}

/** Lines of `text` matching `pattern`. */
const count = (text: string, pattern: RegExp) =>
  text.split('\n').filter((line) => pattern.test(line)).length;

describe('tunnel lifecycle against a real sshd (issue 16)', () => {
  it('a server that rekeys every 1 MiB / 2 s keeps the tunnel connected, bytes intact, no notification', async () => {
    // DEBUG1 makes sshd log every key re-exchange, so the test can prove that rekeys really
    // happened while it watched.
    const sshd = await startSshd({ extraConfig: ['RekeyLimit 1M 2s', 'LogLevel DEBUG1'] });
    const echo = await startEchoServer();
    const service = testService();
    const events = new EventLog(service);
    const local = await freePort();
    const profile = testProfile(sshd, {
      forwards: [
        {
          type: 'local',
          id: 'L',
          bindPort: local,
          targetHost: '127.0.0.1',
          targetPort: echo.port,
        },
      ],
    });
    // The app's own path: core events → adapter (remembers the state each left) → notifier.
    const tunnels = adaptCoreTunnels(service, () => [profile]);
    const shown: ShownNotification[] = [];
    const notifier = createTunnelNotifier({
      show: (n) => shown.push(n),
      limiter: { allow: () => true },
      enabled: () => true,
      strings: () => shellStrings('en'),
      openTroubleshooting: () => undefined,
    });
    const unsubscribe = tunnels.on((event) => {
      if (event.type === 'tunnel' && event.previous !== event.tunnel.state)
        notifier.onTransition(event.tunnel, event.previous);
    });
    try {
      await tunnels.start('p1');
      const connected = await events.state('p1', 'connected');
      const connectedAt = events.events.indexOf(connected);
      const logMark = sshd.log().length;

      // About 10 s of traffic: 5 round trips of 2 MiB each way (10 MiB each way in all).
      const started = Date.now();
      const trips: { ms: number; intact: boolean }[] = [];
      for (let i = 0; i < 5; i++) {
        const payload = randomPayload(2 * 1024 * 1024);
        const t0 = Date.now();
        const back = await roundTripWithin(local, payload, 15_000);
        trips.push({ ms: Date.now() - t0, intact: sha256(back) === sha256(payload) });
        const next = started + (i + 1) * 2_000;
        if (Date.now() < next) await sleep(next - Date.now());
      }
      const sshdLog = sshd.log().slice(logMark);
      // OpenSSH 9.2 prints this only when new keys replace earlier ones (never for the first
      // exchange of a connection), once per direction: one "rekeying in" line per re-exchange.
      const rekeys = count(sshdLog, /ssh_set_newkeys: rekeying in\b/);

      const later = events.events
        .slice(connectedAt + 1)
        .filter((e): e is StateEvent => e.type === 'state' && e.profile === 'p1');
      const after = later.map((e) => (e.cause ? `${e.state}:${e.cause}` : e.state));
      // noticeFor on every transition after `connected` (the notifier above does the same).
      let previous: Parameters<typeof noticeFor>[0] = 'connected';
      const notices = later.map((e) => {
        const notice = noticeFor(previous, e.state, false);
        previous = e.state;
        return notice;
      });
      console.log(
        `rekey: ${rekeys} key re-exchanges seen by sshd in ${Date.now() - started} ms; ` +
          `round trips ${JSON.stringify(trips)}; states after connected: ${JSON.stringify(after)}`,
      );

      expect(rekeys, `sshd log after connect:\n${sshdLog.slice(-3000)}`).toBeGreaterThanOrEqual(2);
      expect(trips.map((t) => t.intact)).toEqual([true, true, true, true, true]);
      // Soft: a failure reports all three views of the same flap (state, notice, tray).
      expect.soft(after, events.describe()).toEqual([]);
      expect.soft(notices.filter((n) => n !== null)).toEqual([]);
      expect.soft(shown.map((n) => n.title)).toEqual([]);
      expect(service.get('p1')?.state).toBe('connected');
    } finally {
      unsubscribe();
      await service.stopAll();
      events.unsubscribe();
      await echo.close();
      await sshd.stop();
    }
  }, 60_000);

  it('a laptop sleep (process stopped 25 s, then continued) → -L and -R work again within 10 s', async () => {
    // Like a real server: it drops a client that stops answering (3 s × 2), session and remote
    // port included, while the client sleeps.
    const sshd = await startSshd({
      extraConfig: ['ClientAliveInterval 3', 'ClientAliveCountMax 2'],
    });
    const echo = await startEchoServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-sleep-'));
    const env = {
      TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
      TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
    };
    const local = await freePort();
    const remote = await freePort();
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        version: 1,
        profiles: [
          {
            id: 'lic',
            name: 'License proxy',
            host: sshd.host,
            port: sshd.port,
            user: sshd.user,
            auth: { keyFile: sshd.clientKeyPath },
            hostKey: { pinned: [sshd.hostKeyFingerprint] },
            keepalive: { intervalSeconds: 1, countMax: 2 },
            // reconnect: the product defaults (what a user has).
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
          },
        ],
      }),
    );
    let up: CliProcess | undefined;
    let stopped = false;
    try {
      up = startCli(['up', '--config', config, '--json'], env);
      const pid = up.child.pid!;
      await up.waitForLine((l) => l.type === 'state' && l.state === 'connected');
      await up.waitForLine(
        (l) => l.type === 'forward' && l.forward === 'R' && l.status === 'listening',
      );
      expect(await works(local)).toBe(true);
      expect(await works(remote)).toBe(true);

      process.kill(pid, 'SIGSTOP');
      stopped = true;
      await sleep(25_000);
      // The premise: the server did give up on the sleeping client (and so freed the -R port).
      expect(sshd.log()).toMatch(/Timeout, client not responding/);
      const mark = up.lines.length;
      const continuedAt = Date.now();
      process.kill(pid, 'SIGCONT');
      stopped = false;

      let recoveredMs: number | undefined;
      while (Date.now() - continuedAt < 15_000) {
        const [l, r] = await Promise.all([
          works(local, 64 * 1024, 2_000),
          works(remote, 64 * 1024, 2_000),
        ]);
        if (l && r) {
          recoveredMs = Date.now() - continuedAt;
          break;
        }
        await sleep(200);
      }
      const after = up.lines
        .slice(mark)
        .filter((l) => l.type === 'state' || l.type === 'forward')
        .map((l) => JSON.stringify(l));
      console.log(
        `sleep: forwarding (-L and -R) back ${recoveredMs ?? 'never (15 s)'} ms after SIGCONT; ` +
          `events since:\n${after.join('\n')}`,
      );
      expect(recoveredMs, after.join('\n')).toBeDefined();
      expect(recoveredMs!).toBeLessThanOrEqual(10_000);
      // Still carrying a bigger payload both ways once back.
      expect(await works(local, 1024 * 1024, 10_000)).toBe(true);
      expect(await works(remote, 1024 * 1024, 10_000)).toBe(true);

      up.child.kill('SIGTERM');
      expect((await up.exited).code).toBe(0);
    } finally {
      if (up && up.child.exitCode === null && up.child.signalCode === null) {
        if (stopped) process.kill(up.child.pid!, 'SIGCONT');
        up.child.kill('SIGKILL');
        await up.exited;
      }
      await echo.close();
      await sshd.stop();
    }
  }, 90_000);

  it('silent path death, server keeps the stale session and its port → degraded (explained), ours again within 5 s of the server letting go', async () => {
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
          // The product's default cap on the reconnect delay: the re-bind retries of a refused
          // forward must not grow towards it while the session is up.
          reconnect: {
            minDelaySeconds: 0.2,
            maxDelaySeconds: 60,
            stableSeconds: 5,
            readyTimeoutSeconds: 5,
          },
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
      await events.state('p1', 'connected');
      expect(await works(remote)).toBe(true);

      const frozen = events.events.length;
      proxy.freeze();
      const lost = await events.state('p1', 'waiting', 10_000, frozen);
      expect(lost).toMatchObject({ cause: 'keepalive-timeout' });

      // The network is back, but the server never saw the old session die: it holds our port.
      const thawed = events.events.length;
      proxy.thaw({ keepStale: true });
      const degraded = await events.state('p1', 'degraded', 20_000, thawed);
      expect(degraded).toMatchObject({ cause: 'forward-refused' });
      expect((degraded as StateEvent).detail).toMatch(/previous session/);

      // A server may hold a dead session for a long while (TCP keepalive, ClientAlive). After
      // 15 s of refusals an uncapped re-bind backoff (0.2 s doubling towards 60 s) is at ≥ 12.8 s.
      await sleep(15_000);
      expect(service.get('p1')?.state, events.describe()).toBe('degraded');
      // The server lets go right after refusing one of our retries (seen in its own log, so it
      // holds whatever events the engine chooses to emit): the worst moment, so the bound below
      // measures the whole retry interval, not a lucky part of it.
      const refusedBinds = () => count(sshd.log(), /cannot listen to port/);
      const seen = refusedBinds();
      const waitStarted = Date.now();
      while (refusedBinds() === seen && Date.now() - waitStarted < 40_000) await sleep(20);
      const refusals = events.events
        .slice(thawed)
        .filter((e) => e.type === 'forward' && e.forward === 'R' && e.status === 'failed');

      const freed = events.events.length;
      const droppedAt = Date.now();
      proxy.dropStale();
      let backMs: number | undefined;
      // Polled past the bound (an uncapped retry is up to 25.6 s away) so a failure says how long.
      while (Date.now() - droppedAt < 30_000) {
        if (service.get('p1')?.state === 'connected' && (await works(remote, 64 * 1024, 2_000))) {
          backMs = Date.now() - droppedAt;
          break;
        }
        await sleep(100);
      }
      const retries = refusals.map((e) => (e as { retryInMs?: number }).retryInMs);
      console.log(
        `stale session: ${refusedBinds()} binds refused by sshd; ` +
          `re-bind retries while degraded (ms): ${JSON.stringify(retries)}; ` +
          `port ours again ${backMs ?? 'never (30 s)'} ms after the server dropped the stale session; ` +
          `states: ${JSON.stringify(events.states('p1'))}`,
      );
      expect(backMs, events.describe()).toBeDefined();
      expect(backMs!).toBeLessThanOrEqual(5_000);
      expect(events.states('p1').slice(-2)).toEqual(['degraded:forward-refused', 'connected']);
      expect(
        events.events.slice(freed).some((e) => e.type === 'state' && e.state === 'connected'),
      ).toBe(true);
    } finally {
      await service.stopAll();
      events.unsubscribe();
      await proxy.close();
      await echo.close();
      await sshd.stop();
    }
  }, 120_000);
});
