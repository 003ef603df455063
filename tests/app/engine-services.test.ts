import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Server, utils, type AuthContext } from 'ssh2';
import { engineServices, secretRefs } from '../../main/app/engine-services';
import { sha256Fingerprint } from '../../main/core/auth/fingerprint';
import { testHostKey } from '../helpers/host-key';
import { attachEngine } from '../../main/app/engine-attach';
import { reattaching } from '../../main/app/engine-reattach';
import { engineInvocation, engineLaunchArgs, ENGINE_FLAG } from '../../main/app/engine-launch';
import { EngineClient } from '../../main/core/engine/client';
import { engineEndpoint } from '../../main/core/engine/endpoint';
import { startEngine, type RunningEngine } from '../../main/core/engine/run';
import type { TunnelServiceEvent } from '../../main/app/ports';
import { freePort } from '../helpers/ports';
import { engineProfileJson } from '../helpers/tunnels';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../helpers/targets';

/**
 * The app as a client of a real engine (in this process here; a separate one in the CLI tests):
 * the shell's ports see the engine's tunnels, drive them, and leave them running when the app
 * goes away.
 */
function profile(sshd: SshdHandle, id: string, localPort: number, echoPort: number) {
  const forward = {
    type: 'local',
    id: 'L',
    bindPort: localPort,
    targetHost: '127.0.0.1',
    targetPort: echoPort,
  };
  return engineProfileJson(sshd, id, [forward], `tunnel ${id}`);
}

async function works(port: number): Promise<boolean> {
  const payload = randomPayload(32 * 1024);
  const back = await roundTrip(port, payload).catch(() => Buffer.alloc(0));
  return sha256(back) === sha256(payload);
}

describe('the app attached to the engine', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let running: RunningEngine | undefined;
  let dataDir: string;
  let localPort: number;
  beforeAll(async () => {
    sshd = await startSshd();
    echo = await startEchoServer();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  afterAll(async () => {
    await echo?.close();
    await sshd?.stop();
  });

  async function engineWithOneTunnel(): Promise<RunningEngine> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-app-engine-'));
    dataDir = path.join(dir, 'data');
    process.env.TUNNELKEEPER_RUNTIME_DIR = path.join(dir, 'run');
    localPort = await freePort();
    const config = path.join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ version: 1, profiles: [profile(sshd, 'lic', localPort, echo.port)] }),
    );
    return startEngine({ configPath: config, dataDir });
  }

  it('shows the engine’s tunnels, drives them, and quitting the app leaves them running', async () => {
    running = await engineWithOneTunnel();
    const client = await EngineClient.connect({ endpoint: engineEndpoint(dataDir) });
    const services = await engineServices(client);
    const events: TunnelServiceEvent[] = [];
    services.tunnels.on((e) => events.push(e));
    const until = async (pred: () => boolean, ms = 15_000) => {
      const end = Date.now() + ms;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`timed out; events: ${JSON.stringify(events)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // The engine started it (autostart), not the app: the window still shows it.
    await until(() => services.tunnels.list()[0]?.state === 'connected');
    expect(services.tunnels.list()).toMatchObject([
      { id: 'lic', name: 'tunnel lic', forwards: [{ id: 'L', listen: `127.0.0.1:${localPort}` }] },
    ]);
    expect(await works(localPort)).toBe(true);
    expect(services.tunnels.tail('lic', 500).some((l) => /state connected/.test(l.message))).toBe(
      true,
    );

    await services.tunnels.stop('lic');
    expect(services.tunnels.list()[0]!.state).toBe('stopped');
    expect(await works(localPort)).toBe(false);
    const mark = events.length;
    await services.tunnels.start('lic');
    await until(() =>
      events
        .slice(mark)
        .some(
          (e) =>
            e.type === 'tunnel' && e.tunnel.state === 'connected' && e.previous !== 'connected',
        ),
    );
    expect(await works(localPort)).toBe(true);
    await expect(services.tunnels.start('nope')).rejects.toThrow('not-found');

    // Quit: the app's side goes away; the engine's tunnel does not.
    await services.tunnels.shutdown();
    expect(await works(localPort)).toBe(true);
    const again = await EngineClient.connect({ endpoint: engineEndpoint(dataDir) });
    expect((await again.get('lic')).state).toBe('connected');
    // The engine diagnoses with its own trust and credentials: the session checks pass; the
    // forward's port is busy because the tunnel itself holds it, and the check says so.
    const report = await again.diagnose('lic');
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'dns:pass',
      'tcp:pass',
      'banner:pass',
      'kex:pass',
      'hostkey:pass',
      'auth:pass',
      'forwards:fail',
      'targets:pass',
    ]);
    expect(report.checks.find((c) => c.id === 'forwards')?.detail).toMatch(/tunnel is running now/);
    again.close();
  });

  it('attaches to a running engine without starting another; starts one when none runs', async () => {
    running = await engineWithOneTunnel();
    const connect = () => EngineClient.connect({ endpoint: engineEndpoint(dataDir) });
    let launches = 0;
    const found = await attachEngine({ connect, launch: () => launches++ });
    expect(found.startedByApp).toBe(false);
    expect(launches).toBe(0);
    found.client.close();

    await running.close();
    running = undefined;
    const started = await attachEngine({
      connect,
      launch: () => {
        launches++;
        // What the detached process does, here in this process.
        void startEngine({ configPath: path.join(dataDir, '..', 'config.json'), dataDir }).then(
          (r) => (running = r),
        );
      },
    });
    expect(started.startedByApp).toBe(true);
    expect(launches).toBe(1);
    expect((await started.client.list()).map((t) => t.profile)).toEqual(['lic']);
    started.client.close();
  });

  it('a password the app keeps in the OS store reaches the engine once, and the tunnel logs in', async () => {
    const hostKey = await testHostKey();
    const server = new Server({ hostKeys: [hostKey] }, (c) => {
      c.on('authentication', (ctx: AuthContext) =>
        ctx.method === 'password' && ctx.password === 'S3cret!'
          ? ctx.accept()
          : ctx.reject(['password']),
      );
      c.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const parsed = utils.parseKey(hostKey);
      if (parsed instanceof Error) throw parsed;
      const fp = sha256Fingerprint((Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH());
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-app-pw-'));
      dataDir = path.join(dir, 'data');
      process.env.TUNNELKEEPER_RUNTIME_DIR = path.join(dir, 'run');
      const pw = {
        ...profile(sshd, 'pw', await freePort(), echo.port),
        port: (server.address() as { port: number }).port,
        auth: { passwordRef: 'tunnelkeeper:pw' },
        hostKey: { pinned: [fp] },
        forwards: [],
      };
      writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ version: 1, profiles: [pw] }));
      running = await startEngine({ configPath: path.join(dir, 'c.json'), dataDir });
      const client = await EngineClient.connect({ endpoint: engineEndpoint(dataDir) });
      const asked: string[] = [];
      await engineServices(client, {
        refs: () => secretRefs([pw as never]),
        get: async (ref) => (asked.push(ref), ref === 'tunnelkeeper:pw' ? 'S3cret!' : undefined),
      });
      expect(asked).toEqual(['tunnelkeeper:pw']);
      const end = Date.now() + 15_000;
      while ((await client.get('pw')).state !== 'connected') {
        if (Date.now() > end) throw new Error(JSON.stringify(await client.get('pw')));
        await new Promise((r) => setTimeout(r, 100));
      }
      // The secret lives in the engine's memory only: nothing of it in its files.
      expect(JSON.stringify(await client.logs('pw'))).not.toContain('S3cret!');
      client.close();
    } finally {
      server.close();
    }
  });

  it('an engine that never comes up is an error, not a hang', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-app-none-'));
    const connect = () => EngineClient.connect({ endpoint: engineEndpoint(dir) });
    await expect(
      attachEngine({ connect, launch: () => undefined, timeoutMs: 500 }),
    ).rejects.toThrow(/no engine running/);
  });
});

describe('starting the engine from the app’s own binary', () => {
  it('packaged: the binary with the engine flag; development: Electron with the app folder', () => {
    expect(
      engineLaunchArgs({ execPath: 'C:\\Tunnelkeeper.exe', configPath: 'C:\\c.json' }),
    ).toEqual([ENGINE_FLAG, '--config', 'C:\\c.json']);
    expect(
      engineLaunchArgs({ execPath: '/electron', appPath: '/src/app', configPath: '/c.json' }),
    ).toEqual(['/src/app', ENGINE_FLAG, '--config', '/c.json']);
  });

  it('main/index.ts routes a process started that way to the engine, and only that one', () => {
    expect(engineInvocation(['/electron', '/src/app'])).toBeUndefined();
    expect(engineInvocation(['/x.exe', ENGINE_FLAG, '--config', '/c.json'])).toEqual({
      configPath: '/c.json',
    });
  });
});

describe('an engine that goes away', () => {
  it('is attached again (the list comes back), and a shutdown asked by the app is final', async () => {
    const sshd = await startSshd();
    const echo = await startEchoServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-app-reattach-'));
    const dataDir = path.join(dir, 'data');
    process.env.TUNNELKEEPER_RUNTIME_DIR = path.join(dir, 'run');
    const config = path.join(dir, 'config.json');
    const localPort = await freePort();
    writeFileSync(
      config,
      JSON.stringify({ version: 1, profiles: [profile(sshd, 'lic', localPort, echo.port)] }),
    );
    let engine: RunningEngine | undefined = await startEngine({ configPath: config, dataDir });
    const connect = () => EngineClient.connect({ endpoint: engineEndpoint(dataDir) });
    let launches = 0;
    const reattachments: string[] = [];
    try {
      const attach = () =>
        attachEngine({
          connect,
          launch: () => {
            launches++;
            void startEngine({ configPath: config, dataDir }).then((r) => (engine = r));
          },
        }).then((a) => a.client);
      const api = reattaching(await connect(), {
        attach,
        onReattached: async () => void reattachments.push('again'),
        delaysMs: [50],
      });
      const services = await engineServices(api);
      const until = async (pred: () => boolean) => {
        const end = Date.now() + 15_000;
        while (!pred()) {
          if (Date.now() > end) throw new Error('timed out');
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(() => services.tunnels.list()[0]?.state === 'connected');

      // The engine stops (its service restarts it, or it crashed): the window attaches again,
      // here by starting one, and shows the tunnel running in the new engine.
      await engine.close();
      engine = undefined;
      await until(() => reattachments.length === 1 && engine !== undefined);
      expect(launches).toBe(1);
      await until(() => services.tunnels.list()[0]?.state === 'connected');
      expect(await works(localPort)).toBe(true);

      // Quit with "stop the tunnels": the engine goes and nothing starts another one.
      await api.shutdown();
      await new Promise((r) => setTimeout(r, 500));
      expect(launches).toBe(1);
    } finally {
      await engine?.close();
      await echo.close();
      await sshd.stop();
    }
  });
});
