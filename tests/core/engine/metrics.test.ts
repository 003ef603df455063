import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseListenAddress } from '../../../main/core/engine/metrics-server';
import { startEngine, type RunningEngine } from '../../../main/core/engine/run';
import { requirePeer } from '../../helpers/peers';
import { freePort } from '../../helpers/ports';
import { engineProfileJson } from '../../helpers/tunnels';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../../helpers/targets';

function scrape(port: number): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
        );
      })
      .on('error', reject);
  });
}

/** The value of one sample line, e.g. value(body, 'tunnelkeeper_tunnel_up{profile="a"}'). */
function value(body: string, sample: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : undefined;
}

describe('Prometheus metrics of a real engine', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let running: RunningEngine | undefined;
  let dir: string;
  const logged: string[] = [];
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

  const profile = (id: string, remotePort: number, localPort: number) =>
    engineProfileJson(sshd, id, [
      {
        type: 'remote',
        id: 'R',
        bindPort: remotePort,
        targetHost: '127.0.0.1',
        targetPort: echo.port,
      },
      {
        type: 'local',
        id: 'L',
        bindPort: localPort,
        targetHost: '127.0.0.1',
        targetPort: echo.port,
      },
    ]);

  async function engineWith(
    profiles: object[],
    options: { metrics?: string; metricsFile?: string },
  ) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tk-metrics-'));
    process.env.TUNNELKEEPER_RUNTIME_DIR = path.join(dir, 'run');
    writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ version: 1, profiles }));
    return startEngine({
      configPath: path.join(dir, 'c.json'),
      dataDir: path.join(dir, 'data'),
      log: (m) => logged.push(m),
      ...options,
    });
  }

  async function until(pred: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await pred())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('a scrape that promtool accepts, with the states, bytes, reconnect and bind-failure counts', async () => {
    const [metricsPort, remote, l1, l2] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    running = await engineWith([profile('lic', remote, l1), profile('second', remote, l2)], {
      metrics: `127.0.0.1:${metricsPort}`,
    });
    const engine = running.engine;
    // "lic" gets the remote port; "second" asks for the same one and is refused by the server.
    await until(() =>
      engine.list().every((t) => t.state === 'connected' || t.state === 'degraded'),
    );
    const payload = randomPayload(256 * 1024);
    const winner = engine.list().find((t) => t.state === 'connected')!;
    const winnerLocal = winner.profile === 'lic' ? l1 : l2;
    expect(sha256(await roundTrip(winnerLocal, payload))).toBe(sha256(payload));

    const { status, type, body } = await scrape(metricsPort);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    // The reference tool judges the exposition format.
    execFileSync(requirePeer('promtool'), ['check', 'metrics'], { input: body });

    const loser = winner.profile === 'lic' ? 'second' : 'lic';
    expect(value(body, `tunnelkeeper_tunnel_up{profile="${winner.profile}"}`)).toBe(1);
    expect(value(body, `tunnelkeeper_tunnel_up{profile="${loser}"}`)).toBe(0);
    expect(value(body, `tunnelkeeper_tunnel_state{profile="${loser}",state="degraded"}`)).toBe(1);
    expect(
      value(
        body,
        `tunnelkeeper_remote_bind_failures_total{profile="${loser}",forward="R",cause="forward-refused"}`,
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value(
        body,
        `tunnelkeeper_forward_bytes_total{profile="${winner.profile}",forward="L",direction="sent"}`,
      ),
    ).toBeGreaterThanOrEqual(payload.length);
    expect(value(body, 'tunnelkeeper_build_info{version="0.1.0"}')).toBe(1);
    // The keepalive (every second in these profiles) is timed on the server's reply: loopback,
    // so well under a second; a tunnel that is not up has no sample at all.
    await until(
      async () =>
        (value(
          (await scrape(metricsPort)).body,
          `tunnelkeeper_keepalive_rtt_seconds{profile="${winner.profile}"}`,
        ) ?? 0) > 0,
    );
    const rtt = value(
      (await scrape(metricsPort)).body,
      `tunnelkeeper_keepalive_rtt_seconds{profile="${winner.profile}"}`,
    )!;
    expect(rtt).toBeGreaterThan(0);
    expect(rtt).toBeLessThan(1);

    // The server drops the sessions: the tunnels reconnect, and that is counted. (Which of the
    // two gets the remote port this time is a race: exactly one is up again.)
    await sshd.kill();
    await sshd.restart();
    await until(async () => {
      const b = (await scrape(metricsPort)).body;
      const reconnects = (p: string) =>
        value(b, `tunnelkeeper_tunnel_reconnects_total{profile="${p}"}`) ?? 0;
      const up = (p: string) => value(b, `tunnelkeeper_tunnel_up{profile="${p}"}`) ?? 0;
      return reconnects('lic') >= 1 && reconnects('second') >= 1 && up('lic') + up('second') === 1;
    }, 30_000);
  });

  it('a metrics port in use: the tunnels run, the engine says why metrics are off; the .prom file is written', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const taken = (busy.address() as net.AddressInfo).port;
    const file = path.join(os.tmpdir(), `tk-${process.pid}-${Date.now()}.prom`);
    try {
      running = await engineWith([profile('lic', await freePort(), await freePort())], {
        metrics: `127.0.0.1:${taken}`,
        metricsFile: file,
      });
      expect(logged.join('\n')).toMatch(
        new RegExp(`metrics are off: cannot listen on 127.0.0.1:${taken}`),
      );
      await until(() => running!.engine.list()[0]!.state === 'connected');
      await running.close();
      running = undefined;
      const text = readFileSync(file, 'utf8');
      execFileSync(requirePeer('promtool'), ['check', 'metrics'], { input: text });
      expect(text).toContain('tunnelkeeper_tunnel_state{profile="lic"');
    } finally {
      busy.close();
    }
  });

  it('reads host:port, [v6]:port and :port; refuses the rest', () => {
    expect(parseListenAddress('127.0.0.1:9469')).toEqual({ host: '127.0.0.1', port: 9469 });
    expect(parseListenAddress('[::1]:9469')).toEqual({ host: '::1', port: 9469 });
    expect(parseListenAddress(':9469')).toEqual({ host: '127.0.0.1', port: 9469 });
    expect(() => parseListenAddress('9469')).toThrow(/host:port/);
    expect(() => parseListenAddress('127.0.0.1:99999')).toThrow(/host:port/);
  });
});
