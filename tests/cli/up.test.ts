import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process';
import { freePort } from '../helpers/ports';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../helpers/targets';

const run = promisify(execFile);

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

describe('tunnelkeeper up / status (the CLI contract)', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let env: NodeJS.ProcessEnv;
  let config: string;
  let localPort: number;
  let remotePort: number;

  beforeAll(async () => {
    sshd = await startSshd();
    echo = await startEchoServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-cli-up-'));
    env = {
      TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
      TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
    };
    localPort = await freePort();
    remotePort = await freePort();
    config = path.join(dir, 'config.json');
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
            forwards: [
              {
                type: 'local',
                id: 'web',
                bindPort: localPort,
                targetHost: '127.0.0.1',
                targetPort: echo.port,
              },
              {
                type: 'remote',
                id: 'flexlm',
                bindPort: remotePort,
                targetHost: '127.0.0.1',
                targetPort: echo.port,
              },
            ],
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await echo?.close();
    await sshd?.stop();
  });

  it('up --json prints spec events, status sees it, a second up is refused, SIGTERM releases ports and exits 0', async () => {
    const up = startCli(['up', '--config', config, '--json'], env);
    try {
      const connected = await up.waitForLine((l) => l.type === 'state' && l.state === 'connected');
      expect(connected).toMatchObject({ profile: 'lic', type: 'state', state: 'connected' });
      expect(new Date(String(connected.ts)).toISOString()).toBe(connected.ts);
      expect(up.lines[0]).toMatchObject({
        type: 'state',
        state: 'connecting',
        attempt: 1,
        profile: 'lic',
      });
      expect(up.lines).toContainEqual(
        expect.objectContaining({ type: 'forward', forward: 'web', status: 'listening' }),
      );
      expect(up.lines).toContainEqual(
        expect.objectContaining({ type: 'forward', forward: 'flexlm', status: 'listening' }),
      );

      const payload = randomPayload(256 * 1024);
      expect(sha256(await roundTrip(localPort, payload))).toBe(sha256(payload));
      await up.waitForLine((l) => l.type === 'connection' && l.forward === 'web' && l.active === 1);
      await up.waitForLine((l) => l.type === 'connection' && l.forward === 'web' && l.active === 0);

      const status = await run(process.execPath, ['bin/tunnelkeeper.cjs', 'status', '--json'], {
        env: { ...process.env, ...env },
      });
      const parsed = JSON.parse(status.stdout) as {
        running: boolean;
        tunnels: {
          profile: string;
          state: string;
          forwards: { id: string; counters: { total: number } }[];
        }[];
      };
      expect(parsed.running).toBe(true);
      expect(parsed.tunnels).toHaveLength(1);
      expect(parsed.tunnels[0]).toMatchObject({ profile: 'lic', state: 'connected' });
      expect(parsed.tunnels[0]!.forwards.find((f) => f.id === 'web')!.counters.total).toBe(1);

      const second = await run(
        process.execPath,
        ['bin/tunnelkeeper.cjs', 'up', '--config', config, '--json'],
        {
          env: { ...process.env, ...env },
        },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/"lic" is already running .*pid \d+/);

      up.child.kill('SIGTERM');
      const { code } = await up.exited;
      expect(code).toBe(0);
      expect(up.lines.at(-1)).toMatchObject({ type: 'state', state: 'stopped', profile: 'lic' });
      expect(await canBind(localPort)).toBe(true);
      // The server side is released too: a new session can bind the remote port at once.
      const again = startCli(['up', '--config', config, '--json'], env);
      try {
        await again.waitForLine((l) => l.type === 'state' && l.state === 'connected');
      } finally {
        again.child.kill('SIGINT');
        expect((await again.exited).code).toBe(0);
      }
    } finally {
      up.child.kill('SIGKILL');
    }
  });

  it('a stale lock of a dead process does not block up', async () => {
    const up1 = startCli(['up', '--config', config, '--json'], env);
    await up1.waitForLine((l) => l.type === 'state' && l.state === 'connected');
    up1.child.kill('SIGKILL'); // leaves its lock file and socket behind
    await up1.exited;
    await new Promise((r) => setTimeout(r, 300));
    const up2 = startCli(['up', '--config', config, '--json'], env);
    try {
      // The remote port may still be held by the killed session until sshd notices: connected
      // or degraded (forward-refused) both prove the lock was taken over.
      const line = await up2.waitForLine(
        (l) => l.type === 'state' && (l.state === 'connected' || l.state === 'degraded'),
      );
      expect(['connected', 'degraded']).toContain(line.state);
    } finally {
      up2.child.kill('SIGTERM');
      expect((await up2.exited).code).toBe(0);
    }
  });

  it('SIGINT while waiting to retry and with a failed profile still exits 0 promptly', async () => {
    const file = path.join(path.dirname(config), 'mixed.json');
    const base = {
      name: 'x',
      host: '127.0.0.1',
      user: sshd.user,
      auth: { keyFile: sshd.clientKeyPath },
    };
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        profiles: [
          {
            ...base,
            id: 'down',
            port: await freePort(),
            hostKey: { pinned: [sshd.hostKeyFingerprint] },
          },
          {
            ...base,
            id: 'bad-key',
            port: sshd.port,
            hostKey: { pinned: ['SHA256:' + 'A'.repeat(43)] },
          },
        ],
      }),
    );
    const up = startCli(['up', '--config', file, '--json'], env);
    await up.waitForLine((l) => l.profile === 'down' && l.state === 'waiting');
    await up.waitForLine((l) => l.profile === 'bad-key' && l.state === 'failed');
    const t = Date.now();
    up.child.kill('SIGINT');
    expect((await up.exited).code).toBe(0);
    expect(Date.now() - t).toBeLessThan(3_000);
    expect(
      up.lines
        .filter((l) => l.state === 'stopped')
        .map((l) => l.profile)
        .sort(),
    ).toEqual(['bad-key', 'down']);
  });

  it('an unknown profile or a broken config is a one-line failure with exit 1', async () => {
    const bad = await run(
      process.execPath,
      ['bin/tunnelkeeper.cjs', 'up', '--config', config, '--profile', 'nope'],
      {
        env: { ...process.env, ...env },
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no profile "nope".*profiles: lic/);
    const broken = path.join(path.dirname(config), 'broken.json');
    writeFileSync(broken, '{"version":1,"profiles":[{"id":"x"}]}');
    const res = await run(process.execPath, ['bin/tunnelkeeper.cjs', 'up', '--config', broken], {
      env: { ...process.env, ...env },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/invalid config/);
  });
});
