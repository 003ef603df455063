import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  createMessageConnection,
  SocketMessageReader,
  SocketMessageWriter,
} from 'vscode-jsonrpc/node';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { proof } from '../../main/core/engine/challenge';
import { engineEndpoint } from '../../main/core/engine/endpoint';
import { Methods, PROTOCOL_VERSION, type HelloResult } from '../../main/core/engine/protocol';
import { readToken } from '../../main/core/engine/token';
import { startCli, type CliProcess } from '../helpers/cli-process';
import { startFreezingProxy } from '../helpers/freezing-proxy';
import {
  canBind,
  connectRefused,
  engineDirs,
  holdConnection,
  listenersOf,
  localForward,
  profileJson,
  remoteForward,
  removeEngineDirs,
  sleep,
  startEngineProcess,
  statusJson,
  tk,
  tunnelOf,
  until,
  writeConfig,
  type EngineProcess,
  type HeldConnection,
} from '../helpers/engine-process';
import { freePort, freePorts } from '../helpers/ports';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../helpers/targets';

/**
 * Issue 17, "The engine as a real background process": every test runs the real
 * `tunnelkeeper engine run` as a child process against a real OpenSSH sshd, and checks what a
 * user notices — `status`, exit codes and messages, bytes through the forwards, ports released.
 */

const BIN = path.resolve('bin/tunnelkeeper.cjs');
const { version: VERSION } = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
};

async function flows(port: number, bytes = 128 * 1024): Promise<void> {
  const payload = randomPayload(bytes);
  expect(sha256(await roundTrip(port, payload))).toBe(sha256(payload));
}

async function echoesIntact(held: HeldConnection, bytes = 64 * 1024): Promise<void> {
  const payload = randomPayload(bytes);
  expect(sha256(await held.echo(payload))).toBe(sha256(payload));
}

describe('tunnelkeeper engine as a real background process (issue 17)', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  const engines: EngineProcess[] = [];
  const held: HeldConnection[] = [];
  const children: CliProcess[] = [];

  const engine = async (dirs: Parameters<typeof startEngineProcess>[0]) => {
    const e = await startEngineProcess(dirs);
    engines.push(e);
    return e;
  };
  const hold = async (port: number) => {
    const h = await holdConnection(port);
    held.push(h);
    return h;
  };

  beforeAll(async () => {
    // The server lets go of a dead client's session (and its -R ports) within ~3 s.
    sshd = await startSshd({ extraConfig: ['ClientAliveInterval 1', 'ClientAliveCountMax 2'] });
    echo = await startEchoServer();
  });
  afterEach(async () => {
    for (const h of held.splice(0)) h.close();
    for (const c of children.splice(0)) c.child.kill('SIGKILL');
    await Promise.all(engines.splice(0).map((e) => e.kill()));
  });
  afterAll(async () => {
    await echo?.close();
    await sshd?.stop();
    removeEngineDirs();
  });

  it('autostart: status --json shows the tunnel connected with its forwards, bytes flow through -L', async () => {
    const dirs = engineDirs();
    const [local, idle] = await freePorts(2);
    writeConfig(dirs.config, [
      profileJson(sshd, 'p1', [localForward('web', local!, echo.port)]),
      profileJson(sshd, 'p0', [localForward('idle', idle!, echo.port)], { autostart: false }),
    ]);
    const e = await engine(dirs);
    await e.state('p1', 'connected');
    await e.waitFor((l) => l.type === 'forward' && l.forward === 'web' && l.status === 'listening');

    const payload = randomPayload(256 * 1024);
    expect(sha256(await roundTrip(local!, payload))).toBe(sha256(payload));
    await e.waitFor((l) => l.type === 'connection' && l.forward === 'web' && l.active === 0);

    const status = await statusJson(dirs.env);
    expect(status.running).toBe(true);
    expect(status.engine?.pid).toBe(e.pid);
    expect(status.processes).toContainEqual(expect.objectContaining({ pid: e.pid, engine: true }));
    const p1 = tunnelOf(status, 'p1');
    expect(p1).toMatchObject({ profile: 'p1', state: 'connected', engine: true, pid: e.pid });
    expect(new Date(p1.since).toISOString()).toBe(p1.since);
    expect(Date.now() - Date.parse(p1.since)).toBeLessThan(60_000);
    expect(p1.forwards).toHaveLength(1);
    const web = p1.forwards[0]!;
    expect(web).toMatchObject({ id: 'web', status: 'listening', bindPort: local });
    expect(web.counters.active).toBe(0);
    expect(web.counters.total).toBe(1);
    expect(web.counters.bytesSent).toBeGreaterThanOrEqual(payload.length);
    expect(web.counters.bytesReceived).toBeGreaterThanOrEqual(payload.length);
    // A profile without autostart is listed, not started: its port stays free.
    expect(tunnelOf(status, 'p0')).toMatchObject({ state: 'stopped', autostart: false });
    expect(await canBind(idle!)).toBe(true);
    // The human form names it too.
    const human = await tk(['status'], dirs.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`p1\\s+connected .*\\[engine pid ${e.pid}\\]`));
  });

  it("engine run --json prints an autostart tunnel's state changes from its first `connecting`", async () => {
    const dirs = engineDirs();
    writeConfig(dirs.config, [profileJson(sshd, 'p1', [])]);
    const e = await engine(dirs);
    await e.state('p1', 'connected');
    // What `up --json` prints too: the first line is the first attempt.
    expect(e.proc.lines[0]).toMatchObject({
      type: 'state',
      profile: 'p1',
      state: 'connecting',
      attempt: 1,
    });
    expect(e.states('p1')).toEqual(['connecting', 'authenticating', 'connected']);
  });

  it('a second engine run for the same data dir refuses: exit 1 naming the running one', async () => {
    const dirs = engineDirs();
    writeConfig(dirs.config, []);
    const first = await engine(dirs);
    const second = await tk(['engine', 'run', '--config', dirs.config], dirs.env, 20_000);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pid ${first.pid}`);
    expect(second.stderr).toMatch(/already running/);
    // The first one is untouched.
    const info = await tk(['engine', 'status', '--json'], dirs.env);
    expect(JSON.parse(info.stdout)).toMatchObject({ running: true, pid: first.pid });
  });

  it('logs --follow shows live entries; SIGKILLing it (and a subscriber that never reads) does not disturb an open connection', async () => {
    const dirs = engineDirs();
    const [local, dead, deadTarget] = await freePorts(3);
    writeConfig(dirs.config, [
      profileJson(sshd, 'p1', [
        localForward('web', local!, echo.port),
        // Nothing listens behind this one: a connection through it is logged as a warning.
        localForward('dead', dead!, deadTarget!),
      ]),
    ]);
    const e = await engine(dirs);
    await e.state('p1', 'connected');
    await e.waitFor(
      (l) => l.type === 'forward' && l.forward === 'dead' && l.status === 'listening',
    );

    // The plain `logs` prints the recent entries and exits 0.
    const connectedAt = e.mark();
    const recent = await tk(['logs', 'p1', '-n', '50'], dirs.env);
    expect(recent.code).toBe(0);
    expect(recent.stdout).toMatch(/p1 info forward web listening on 127\.0\.0\.1:/);
    const recentJson = await tk(['logs', 'p1', '--json', '-n', '3'], dirs.env);
    const entries = recentJson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as object);
    expect(entries).toHaveLength(3);
    for (const entry of entries)
      expect(entry).toMatchObject({
        profile: 'p1',
        ts: expect.any(String),
        level: expect.any(String),
      });

    const follower = startCli(['logs', 'p1', '--follow'], dirs.env);
    children.push(follower);
    // Its backlog first.
    await follower.waitForLine((l) => /forward web listening on/.test(String(l.text)));

    // A subscriber that never reads what it is sent.
    const stuck = net.connect(engineEndpoint(dirs.dataDir).address);
    await new Promise<void>((resolve, reject) => {
      stuck.once('connect', resolve);
      stuck.once('error', reject);
    });
    const rpc = createMessageConnection(
      new SocketMessageReader(stuck),
      new SocketMessageWriter(stuck),
    );
    rpc.listen();
    const token = await readToken(engineEndpoint(dirs.dataDir));
    const nonce = randomBytes(32).toString('hex');
    const hello = (await rpc.sendRequest(Methods.hello, {
      protocol: PROTOCOL_VERSION,
      clientNonce: nonce,
      client: 'stuck test client',
    })) as HelloResult;
    await rpc.sendRequest(Methods.authenticate, {
      proof: proof(token, 'client', hello.serverNonce),
    });
    await rpc.sendRequest(Methods.subscribe, { logs: { backlog: 200 } });
    stuck.pause(); // from here on it reads nothing

    const conn = await hold(local!);
    await echoesIntact(conn);

    // A live entry reaches the follower: a connection through the dead forward fails.
    const liveFrom = new Date().toISOString();
    const failing = net.connect(dead!, '127.0.0.1');
    failing.on('error', () => undefined);
    const live = await follower.waitForLine((l) =>
      /p1 warn forward dead: target-unreachable/.test(String(l.text)),
    );
    expect(String(live.text).split(' ')[0]! >= liveFrom).toBe(true);
    failing.destroy();

    // Many events while the stuck client reads none: the tunnel does not care.
    for (let i = 0; i < 100; i++) await flows(local!, 1024);
    await echoesIntact(conn);

    follower.child.kill('SIGKILL');
    expect((await follower.exited).signal).toBe('SIGKILL');
    await echoesIntact(conn);
    await echoesIntact(conn, 512 * 1024);
    expect(conn.closed).toBe(false);
    // The tunnel never left `connected`.
    expect(e.states('p1', connectedAt)).toEqual([]);
    // The engine still answers its clients.
    const after = await statusJson(dirs.env);
    expect(tunnelOf(after, 'p1').state).toBe('connected');
    rpc.dispose();
    stuck.destroy();
  }, 90_000);

  it('stop / start / restart through the CLI: stop releases the port, start and restart reconnect; unknown id and no engine fail', async () => {
    const dirs = engineDirs();
    const local = await freePort();
    writeConfig(dirs.config, [profileJson(sshd, 'p1', [localForward('web', local, echo.port)])]);

    const t = { at: Date.now(), marks: [] as string[] };
    const lap = (what: string) => {
      t.marks.push(`${what} ${Date.now() - t.at} ms`);
      t.at = Date.now();
    };
    // No engine yet: every control command says so, exit 1.
    for (const args of [
      ['stop', 'p1'],
      ['start', 'p1'],
      ['restart', 'p1'],
      ['logs', 'p1'],
      ['reload'],
    ]) {
      const res = await tk(args, dirs.env);
      expect(res.code, args.join(' ')).toBe(1);
      expect(res.stderr, args.join(' ')).toContain('no engine running');
      expect(res.stderr, args.join(' ')).toContain('tunnelkeeper engine run');
    }

    const e = await engine(dirs);
    await e.state('p1', 'connected');
    await flows(local);

    lap('no-engine checks + engine up');
    const stopped = await tk(['stop', 'p1', '--json'], dirs.env);
    lap('stop');
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ profile: 'p1', state: 'stopped' });
    expect(await connectRefused(local)).toBe(true);
    expect(await canBind(local)).toBe(true);
    expect(tunnelOf(await statusJson(dirs.env), 'p1').state).toBe('stopped');

    let from = e.mark();
    lap('checks after stop');
    const started = await tk(['start', 'p1'], dirs.env);
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^p1: (connecting|authenticating|connected)/);
    await e.state('p1', 'connected', 20_000, from);
    lap('start → connected');
    expect(tunnelOf(await statusJson(dirs.env), 'p1').state).toBe('connected');
    await flows(local);

    from = e.mark();
    const restarted = await tk(['restart', 'p1', '--json'], dirs.env);
    lap('restart command');
    expect(restarted.code).toBe(0);
    await e.state('p1', 'connected', 20_000, from);
    expect(e.states('p1', from)).toEqual(['stopped', 'connecting', 'authenticating', 'connected']);
    await flows(local);

    lap('restart → connected, bytes');
    const unknown = await tk(['stop', 'nope'], dirs.env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no profile "nope".*profiles: p1/);
    for (const verb of ['start', 'restart', 'logs']) {
      const res = await tk([verb, 'nope'], dirs.env);
      expect(res.code, verb).toBe(1);
      expect(res.stderr, verb).toContain('p1');
    }
    // None of that touched the tunnel.
    expect(tunnelOf(await statusJson(dirs.env), 'p1').state).toBe('connected');
    lap('unknown ids');
    console.log(`[engine] control: ${t.marks.join(', ')}`);
  }, 90_000);

  it('a profile added to the watched config starts, while the unchanged one keeps its open connection', async () => {
    const dirs = engineDirs();
    const [l1, l2] = await freePorts(2);
    const p1 = profileJson(sshd, 'p1', [localForward('web', l1!, echo.port)]);
    writeConfig(dirs.config, [p1]);
    const e = await engine(dirs);
    await e.state('p1', 'connected');
    const conn = await hold(l1!);
    await echoesIntact(conn);

    const from = e.mark();
    const t0 = Date.now();
    writeConfig(dirs.config, [p1, profileJson(sshd, 'p2', [localForward('db', l2!, echo.port)])]);
    await e.state('p2', 'connected', 20_000, from);
    console.log(`[engine] config change to p2 connected: ${Date.now() - t0} ms`);
    await flows(l2!);
    await echoesIntact(conn);
    expect(conn.closed).toBe(false);
    expect(e.states('p1', from)).toEqual([]);
    const status = await statusJson(dirs.env);
    expect(tunnelOf(status, 'p1').state).toBe('connected');
    expect(tunnelOf(status, 'p1').forwards[0]!.counters.active).toBe(1);
    expect(tunnelOf(status, 'p2').state).toBe('connected');

    // A removed profile stops (its port is released); p1 still untouched.
    const from2 = e.mark();
    writeConfig(dirs.config, [p1]);
    await e.state('p2', 'stopped', 20_000, from2);
    expect(await until(() => canBind(l2!), 3_000)).toBeGreaterThanOrEqual(0);
    await echoesIntact(conn);
    expect(e.states('p1', from)).toEqual([]);

    // `reload` re-reads it on demand: nothing changed, nothing touched.
    const reloaded = await tk(['reload', '--json'], dirs.env);
    expect(reloaded.code, reloaded.stderr).toBe(0);
    expect(JSON.parse(reloaded.stdout)).toMatchObject({
      tunnels: [expect.objectContaining({ profile: 'p1', state: 'connected' })],
    });
    // A half-written file (an editor mid-save) changes nothing: the tunnel keeps running, and
    // `reload` says what is wrong.
    writeFileSync(dirs.config, '{"version":1,"profiles":[{"id":"p1",');
    await sleep(600);
    const broken = await tk(['reload'], dirs.env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(dirs.config);
    await echoesIntact(conn);
    expect(e.states('p1', from)).toEqual([]);
    expect(e.proc.child.exitCode).toBeNull();
    // Written whole again, unchanged: still untouched.
    writeConfig(dirs.config, [p1]);
    await sleep(600);
    await echoesIntact(conn);
    expect(e.states('p1', from)).toEqual([]);
  }, 90_000);

  it('a profile written into the watched config by `import --from plink -o` starts (autostart by default for an import)', async () => {
    const dirs = engineDirs();
    const [l1, l3] = await freePorts(2);
    writeConfig(dirs.config, [profileJson(sshd, 'p1', [localForward('web', l1!, echo.port)])]);
    const e = await engine(dirs);
    await e.state('p1', 'connected');
    const conn = await hold(l1!);
    await echoesIntact(conn);

    const from = e.mark();
    const line = `plink -batch -N -i ${sshd.clientKeyPath} -hostkey ${sshd.hostKeyFingerprint} -P ${sshd.port} -l ${sshd.user} 127.0.0.1 -L ${l3}:127.0.0.1:${echo.port}`;
    const imported = await tk(
      ['import', '--from', 'plink', line, '-o', dirs.config, '--json'],
      dirs.env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const { profiles } = JSON.parse(imported.stdout) as { profiles: { id: string }[] };
    expect(profiles).toHaveLength(1);
    const id = profiles[0]!.id;

    // The engine picked the new profile up (the file is watched) …
    expect(
      await until(
        async () => (await statusJson(dirs.env)).tunnels.some((t) => t.profile === id),
        5_000,
        200,
      ),
    ).toBeGreaterThanOrEqual(0);
    // … without touching p1 (the import rewrote the whole file, p1 included).
    await echoesIntact(conn);
    expect(e.states('p1', from)).toEqual([]);
    expect(
      tunnelOf(await statusJson(dirs.env), id).autostart,
      'cli.md: autostart defaults to true for a profile written by import',
    ).toBe(true);
    // … and runs it: cli.md, "engine run starts the profiles whose autostart is true (default:
    // true for a profile written by import)".
    await e.state(id, 'connected', 20_000, from);
    await flows(l3!);
    await echoesIntact(conn);
  }, 90_000);

  it('the engine SIGKILLed and started again: tunnels come back, and exactly one server session holds the -R port', async () => {
    const dirs = engineDirs();
    const [local, remote] = await freePorts(2);
    writeConfig(dirs.config, [
      profileJson(sshd, 'p1', [
        localForward('web', local!, echo.port),
        remoteForward('back', remote!, echo.port),
      ]),
    ]);
    const first = await engine(dirs);
    await first.state('p1', 'connected');
    await first.waitFor(
      (l) => l.type === 'forward' && l.forward === 'back' && l.status === 'listening',
    );
    await flows(remote!);
    const before = await listenersOf(remote!);
    expect(before, JSON.stringify(before)).toHaveLength(1);
    const oldSession = before[0]!.pid;
    expect(before[0]!.process).toMatch(/sshd/);

    const killedAt = Date.now();
    first.proc.child.kill('SIGKILL');
    await first.proc.exited;

    const second = await engine(dirs);
    expect(second.pid).not.toBe(first.pid);
    await second.state('p1', 'connected', 20_000);
    const connectedMs = Date.now() - killedAt;
    await second.waitFor(
      (l) => l.type === 'forward' && l.forward === 'back' && l.status === 'listening',
      20_000,
    );
    const backMs = Date.now() - killedAt;
    const oldGoneMs = await until(() => !existsSync(`/proc/${oldSession}`), 10_000);
    console.log(
      `[engine] after SIGKILL: new engine connected in ${connectedMs} ms, -R listening again in ${backMs} ms, ` +
        `old sshd session gone ${oldGoneMs} ms after that; states ${second.states('p1').join(' → ')}`,
    );
    expect(oldGoneMs).toBeGreaterThanOrEqual(0);
    expect(backMs).toBeLessThan(15_000);

    const after = await listenersOf(remote!);
    expect(after, JSON.stringify(after)).toHaveLength(1);
    expect(after[0]!.pid).not.toBe(oldSession);
    await flows(remote!);
    await flows(local!);
    const status = await statusJson(dirs.env);
    expect(status.engine?.pid).toBe(second.pid);
    const p1 = tunnelOf(status, 'p1');
    expect(p1.state).toBe('connected');
    expect(p1.forwards.map((f) => [f.id, f.status])).toEqual([
      ['web', 'listening'],
      ['back', 'listening'],
    ]);
  }, 90_000);

  it('the engine SIGKILLed while the server keeps its dead session (-R port still held): the new engine ends connected once the server lets go', async () => {
    // A proxy that stops passing anything, closes included: the server never hears of the
    // engine's death and keeps the old session (and its -R port) until ClientAlive drops it.
    const proxy = await startFreezingProxy(sshd.port);
    try {
      const dirs = engineDirs();
      const [local, remote] = await freePorts(2);
      writeConfig(dirs.config, [
        profileJson(
          sshd,
          'p1',
          [localForward('web', local!, echo.port), remoteForward('back', remote!, echo.port)],
          { port: proxy.port },
        ),
      ]);
      const first = await engine(dirs);
      await first.state('p1', 'connected');
      await first.waitFor(
        (l) => l.type === 'forward' && l.forward === 'back' && l.status === 'listening',
      );
      await flows(remote!);
      const before = await listenersOf(remote!);
      expect(before, JSON.stringify(before)).toHaveLength(1);
      const oldSession = before[0]!.pid;

      proxy.freeze();
      const killedAt = Date.now();
      first.proc.child.kill('SIGKILL');
      await first.proc.exited;
      proxy.thaw({ keepStale: true });
      // When the server drops the dead session (measured from the kill).
      const oldGone = until(() => !existsSync(`/proc/${oldSession}`), 15_000, 20).then((ms) =>
        ms < 0 ? -1 : Date.now() - killedAt,
      );

      const second = await engine(dirs);
      await second.state('p1', 'connected', 20_000);
      // Connected with every forward up: the -R one may have been refused at first.
      await second.waitFor(
        (l) => l.type === 'forward' && l.forward === 'back' && l.status === 'listening',
        20_000,
      );
      const backMs = Date.now() - killedAt;
      const oldGoneMs = await oldGone;
      const states = second.states('p1');
      const refusedAt = second.proc.lines.find(
        (l) => l.type === 'state' && l.profile === 'p1' && l.state === 'degraded',
      )?.ts;
      console.log(
        `[engine] SIGKILL behind a frozen link (server ClientAlive 1 s × 2): server dropped the old session ` +
          `${oldGoneMs} ms after the kill; new engine ${refusedAt ? `degraded at +${Date.parse(String(refusedAt)) - killedAt} ms, ` : ''}` +
          `connected with -R listening at +${backMs} ms; states ${states.join(' → ')}`,
      );
      expect(oldGoneMs).toBeGreaterThanOrEqual(0);
      expect(backMs).toBeLessThan(12_000);
      expect(states.at(-1)).toBe('connected');
      const after = await listenersOf(remote!);
      expect(after, JSON.stringify(after)).toHaveLength(1);
      expect(after[0]!.pid).not.toBe(oldSession);
      await flows(remote!);
      await flows(local!);
      const p1 = tunnelOf(await statusJson(dirs.env), 'p1');
      expect(p1.state).toBe('connected');
      expect(p1.forwards.map((f) => f.status)).toEqual(['listening', 'listening']);
    } finally {
      proxy.dropStale();
      await proxy.close();
    }
  }, 90_000);

  it('another OS account cannot stop a tunnel', async () => {
    expect(process.getuid?.(), 'this test creates a user: it must run as root (CI does)').toBe(0);
    try {
      execFileSync('id', ['-u', 'tkother'], { stdio: 'ignore' });
    } catch {
      try {
        execFileSync('useradd', ['-M', '-s', '/usr/sbin/nologin', 'tkother'], { stdio: 'pipe' });
      } catch (error) {
        // 9: the user appeared meanwhile (another run); anything else is a real failure.
        if ((error as { status?: number }).status !== 9)
          throw new Error(`useradd failed (package passwd): ${(error as Error).message}`);
      }
    }
    const dirs = engineDirs();
    // Only the engine's own folder protects it: the rest of the path is open to everyone.
    chmodSync(dirs.root, 0o755);
    chmodSync(dirs.dataDir, 0o755);
    chmodSync(dirs.runtimeDir, 0o755);
    const local = await freePort();
    writeConfig(dirs.config, [profileJson(sshd, 'p1', [localForward('web', local, echo.port)])]);
    const e = await engine(dirs);
    await e.state('p1', 'connected');
    const conn = await hold(local);
    const connectedAt = e.mark();
    const endpoint = engineEndpoint(dirs.dataDir);
    expect(readFileSync(`/proc/${e.pid}/status`, 'utf8')).toMatch(/^Uid:\s+0\s/m);

    const asOther = (args: string[]) =>
      promisify(execFile)(
        'runuser',
        [
          '-u',
          'tkother',
          '--',
          'env',
          `TUNNELKEEPER_DATA_DIR=${dirs.dataDir}`,
          `TUNNELKEEPER_RUNTIME_DIR=${dirs.runtimeDir}`,
          'HOME=/tmp',
          process.execPath,
          BIN,
          ...args,
        ],
        { timeout: 30_000 },
      ).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    // The other account can run the command at all (the build is readable) …
    const sanity = await asOther(['--version']);
    expect(sanity.code, sanity.stderr).toBe(0);
    // … but not reach the engine.
    const denied = await asOther(['stop', 'p1']);
    expect(denied.code, denied.stderr).toBe(1);
    expect(denied.stderr).toContain('belongs to another account');
    // Whatever the endpoint's name: with the engine's folder opened up, the socket file still
    // refuses the connect; with the socket opened up too, the token (0600) cannot be read, so
    // the challenge cannot be answered.
    const socketMode = statMode(endpoint.address);
    try {
      chmodSync(endpoint.dir, 0o755);
      const folderOpen = await asOther(['stop', 'p1']);
      expect(folderOpen.code, folderOpen.stderr).toBe(1);
      expect(folderOpen.stderr).toContain('belongs to another account');
      chmodSync(endpoint.address, 0o777);
      const socketOpen = await asOther(['stop', 'p1']);
      expect(socketOpen.code, socketOpen.stderr).toBe(1);
      expect(socketOpen.stderr).toMatch(/belongs to another account: .*token is not readable/);
    } finally {
      chmodSync(endpoint.address, socketMode);
      chmodSync(endpoint.dir, 0o700);
    }
    expect(e.states('p1', connectedAt)).toEqual([]);
    await echoesIntact(conn);
    expect(tunnelOf(await statusJson(dirs.env), 'p1').state).toBe('connected');
  }, 90_000);

  it('engine status --json: running false without an engine (exit 0), its pid, since, config, version and endpoint with one', async () => {
    const dirs = engineDirs();
    writeConfig(dirs.config, []);
    const endpoint = engineEndpoint(dirs.dataDir);
    const none = await tk(['engine', 'status', '--json'], dirs.env);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ running: false, endpoint: endpoint.address });

    const e = await engine(dirs);
    const res = await tk(['engine', 'status', '--json'], dirs.env);
    expect(res.code).toBe(0);
    const info = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({
      running: true,
      pid: e.pid,
      config: dirs.config,
      version: VERSION,
      endpoint: endpoint.address,
    });
    expect(new Date(String(info.since)).toISOString()).toBe(info.since);
    expect(Math.abs(Date.now() - Date.parse(String(info.since)))).toBeLessThan(60_000);
    const human = await tk(['engine', 'status'], dirs.env);
    expect(human.stdout).toContain(`pid ${e.pid}`);
    // The engine's folder and token are this user's only.
    expect(statMode(endpoint.dir)).toBe(0o700);
    expect(statMode(endpoint.tokenFile)).toBe(0o600);
  });

  it('SIGTERM: every tunnel closed, local and remote ports released, exit 0', async () => {
    const dirs = engineDirs();
    const [l1, r1, l2] = await freePorts(3);
    writeConfig(dirs.config, [
      profileJson(sshd, 'p1', [
        localForward('web', l1!, echo.port),
        remoteForward('back', r1!, echo.port),
      ]),
      profileJson(sshd, 'p2', [localForward('db', l2!, echo.port)]),
    ]);
    const e = await engine(dirs);
    await e.state('p1', 'connected');
    await e.state('p2', 'connected');
    await e.waitFor(
      (l) => l.type === 'forward' && l.forward === 'back' && l.status === 'listening',
    );
    const conn = await hold(l1!);
    await echoesIntact(conn);
    expect(await listenersOf(r1!)).toHaveLength(1);

    const t0 = Date.now();
    e.proc.child.kill('SIGTERM');
    const { code } = await e.proc.exited;
    const exitMs = Date.now() - t0;
    expect(code).toBe(0);
    expect(e.states('p1').at(-1)).toBe('stopped');
    expect(e.states('p2').at(-1)).toBe('stopped');
    expect(await canBind(l1!)).toBe(true);
    expect(await canBind(l2!)).toBe(true);
    const remoteFreeMs = await until(async () => (await listenersOf(r1!)).length === 0, 5_000);
    console.log(
      `[engine] SIGTERM: exit 0 after ${exitMs} ms, -R port released ${remoteFreeMs} ms later`,
    );
    expect(remoteFreeMs).toBeGreaterThanOrEqual(0);
    expect(await until(() => conn.closed, 2_000)).toBeGreaterThanOrEqual(0);
    const endpoint = engineEndpoint(dirs.dataDir);
    expect(existsSync(endpoint.tokenFile)).toBe(false);
    expect(existsSync(endpoint.infoFile)).toBe(false);
    const status = await tk(['engine', 'status', '--json'], dirs.env);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false });
  });
});

function statMode(file: string): number {
  return statSync(file).mode & 0o777;
}
