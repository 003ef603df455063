import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../main/core/engine/run';
import type { TunnelEvent } from '../../../main/core/tunnels/events';
import { requirePeer } from '../../helpers/peers';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { sleep, startWebhookReceiver, until, type WebhookReceiver } from './receivers';

/**
 * The whole path with a real engine in this process: a profile aimed at a closed port on
 * 127.0.0.1 retries (waiting / tcp-refused) → exactly one "down"; then a real sshd opens that
 * port, the tunnel connects → exactly one "up". A "minute" is MINUTE ms here (minuteMs).
 */
const MINUTE = 400;

describe('alerts of a real engine', () => {
  let running: RunningEngine | undefined;
  let sshd: SshdHandle | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await running?.close();
    await sshd?.stop();
    await receiver?.close();
    running = undefined;
    sshd = undefined;
    receiver = undefined;
  });

  it('closed port → one "down" (tcp-refused); sshd comes up → it connects → one "up"', async () => {
    receiver = await startWebhookReceiver();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-alerts-engine-'));
    process.env.TUNNELKEEPER_RUNTIME_DIR = path.join(dir, 'run');
    // The server does not exist yet: the client key is made now and authorized when it starts.
    const key = path.join(dir, 'client_ed25519');
    execFileSync(requirePeer('ssh-keygen'), ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const port = await freePort();
    const configPath = path.join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        version: 1,
        profiles: [
          {
            id: 'lic',
            name: 'ANSYS license',
            host: '127.0.0.1',
            port,
            user: os.userInfo().username,
            autostart: true,
            auth: { keyFile: key },
            // Its host key is made when it starts: trusted on first use, into the engine's file.
            hostKey: { policy: 'accept-new' },
            keepalive: { intervalSeconds: 1, countMax: 2 },
            reconnect: {
              minDelaySeconds: 0.1,
              maxDelaySeconds: 0.3,
              stableSeconds: 5,
              readyTimeoutSeconds: 5,
            },
          },
        ],
        alerts: { afterMinutes: 1, webhook: { url: receiver.url } },
      }),
    );
    const logs: string[] = [];
    // The engine reads the config's `alerts` section and sends them itself.
    running = await startEngine({
      configPath,
      dataDir: path.join(dir, 'data'),
      log: (m) => logs.push(m),
      alertMinuteMs: MINUTE,
    });
    const states: string[] = [];
    running.engine.onEvent((e: TunnelEvent) => {
      if (e.type === 'state') states.push(e.cause ? `${e.state}:${e.cause}` : e.state);
    });

    await until(() => receiver!.requests.length >= 1, 'the down POST');
    expect(receiver.accepted()[0]).toMatchObject({
      event: 'down',
      profile: 'lic',
      name: 'ANSYS license',
      cause: 'tcp-refused',
      minutes: 1,
    });
    expect(receiver.accepted()[0]!.text).toMatch(
      /^Tunnel 'ANSYS license' on .+ has been down for 1 min \(tcp-refused\)/,
    );
    // It keeps retrying (waiting ↔ connecting) for several thresholds: still one message.
    const retriesBefore = states.filter((s) => s === 'connecting').length;
    await sleep(3 * MINUTE);
    expect(states.filter((s) => s === 'connecting').length).toBeGreaterThan(retriesBefore);
    expect(receiver.requests).toHaveLength(1);

    sshd = await startSshd({
      port,
      authorizedKeys: [readFileSync(`${key}.pub`, 'utf8').trim()],
    });
    await until(() => states.includes('connected'), `connected (states: ${states.join(' ')})`);
    await until(() => receiver!.requests.length >= 2, 'the up POST');
    await sleep(3 * MINUTE);
    expect(receiver.requests.map((r) => `${r.status} ${r.body.event}`)).toEqual([
      '200 down',
      '200 up',
    ]);
    expect(receiver.accepted()[1]).toMatchObject({
      event: 'up',
      profile: 'lic',
      state: 'connected',
      cause: 'tcp-refused',
      since: receiver.accepted()[0]!.since,
    });
    expect(running.engine.list()[0]!.state).toBe('connected');
    expect(logs.filter((l) => l.startsWith('alert '))).toEqual([
      expect.stringMatching(/^alert 'down' for lic sent to webhook/),
      expect.stringMatching(/^alert 'up' for lic sent to webhook/),
    ]);
  });
});
