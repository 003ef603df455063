/**
 * The credentials layer wired into the engine, against real peers on 127.0.0.1: a PPK v3 key
 * unlocked once in the service's keyring, a real ssh-agent through SSH_AUTH_SOCK, a password
 * from `env:` against an in-process ssh2 server, and host-key TOFU with policy `ask`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Server, utils, type AuthContext } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSecretResolver } from '../../../main/core/auth/secrets/store';
import { sha256Fingerprint } from '../../../main/core/keys/fingerprint';
import { TunnelService } from '../../../main/core/service';
import { requirePeer } from '../../helpers/peers';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  startEchoServer,
  type TargetServer,
} from '../../helpers/targets';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';
import { testHostKey } from '../../helpers/host-key';

const PASSWORD = 'pw-7d1e-Unique!x';

function serviceIn(
  dir: string,
  extra: Partial<ConstructorParameters<typeof TunnelService>[0]> = {},
) {
  return new TunnelService({ runtimeDir: dir, logDir: path.join(dir, 'logs'), ...extra });
}

/** Every file under dir, concatenated (the password must be in none of them). */
function allText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

describe('credentials wired into the tunnel engine', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let service: TunnelService | undefined;
  let events: EventLog | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-wire-'));

  beforeAll(async () => {
    [sshd, echo] = await Promise.all([startSshd(), startEchoServer()]);
  });
  afterEach(async () => {
    await service?.stopAll();
    events?.unsubscribe();
    service = undefined;
  });
  afterAll(async () => {
    await echo?.close();
    await sshd?.stop();
  });

  it('an encrypted PPK v3 unlocked once in the service keyring serves the tunnel', async () => {
    const key = path.join(dir, 'k.ppk');
    const pass = path.join(dir, 'k.pass');
    writeFileSync(pass, 'ppk secret words\n');
    const puttygen = requirePeer('puttygen');
    execFileSync(puttygen, ['-q', '-t', 'ed25519', '-o', key, '--new-passphrase', pass]);
    expect(readFileSync(key, 'utf8')).toMatch(
      /^PuTTY-User-Key-File-3: ssh-ed25519\r?\nEncryption: aes256-cbc/,
    );
    sshd.authorize(
      execFileSync(puttygen, [key, '-O', 'public-openssh', '--old-passphrase', pass], {
        encoding: 'utf8',
      }),
    );
    service = testService();
    events = new EventLog(service);
    // Not unlocked yet: the encrypted file alone cannot be used.
    service.start(testProfile(sshd, { id: 'early', auth: { keyFile: key } }));
    expect(await events.state('early', 'failed')).toMatchObject({ cause: 'key-locked' });

    await service.keyring.unlockFile(key, 'ppk secret words');
    const local = await freePort();
    service.start(
      testProfile(sshd, {
        id: 'byfile',
        auth: { keyFile: key },
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
    service.start(
      testProfile(sshd, { id: 'builtin', auth: { agent: true, agentSocket: 'tunnelkeeper' } }),
    );
    await events.state('byfile', 'connected');
    await events.state('builtin', 'connected');
    const payload = randomPayload(64 * 1024);
    expect((await roundTrip(local, payload)).equals(payload)).toBe(true);
    expect(JSON.stringify(service.logEntries('byfile'))).toContain('Tunnelkeeper');
  });

  it('SSH_AUTH_SOCK → a real ssh-agent: empty → agent-empty, with its key → connected', async () => {
    const socket = path.join(mkdtempSync(path.join(os.tmpdir(), 'tk-wagent-')), 'agent.sock');
    const agentBin = path.join(path.dirname(requirePeer('ssh-add')), 'ssh-agent');
    const agent: ChildProcess = spawn(agentBin, ['-a', socket, '-D'], { stdio: 'ignore' });
    const saved = process.env.SSH_AUTH_SOCK;
    try {
      for (let i = 0; i < 100 && !existsSync(socket); i++)
        await new Promise((r) => setTimeout(r, 20));
      process.env.SSH_AUTH_SOCK = socket;
      service = testService();
      events = new EventLog(service);
      service.start(testProfile(sshd, { id: 'ag', auth: { agent: true } }));
      expect(await events.state('ag', 'waiting')).toMatchObject({ cause: 'agent-empty' });
      execFileSync(requirePeer('ssh-add'), ['-q', sshd.clientKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      });
      service.nudge('ag');
      await events.state('ag', 'connected');
      expect(service.logEntries('ag').some((e) => e.message.includes(socket))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      agent.kill();
    }
  });

  it('a password from env: logs in (password and keyboard-interactive) and is never logged', async () => {
    const hostKey = await testHostKey();
    const server = new Server({ hostKeys: [hostKey] }, (client) => {
      client.on('authentication', (ctx: AuthContext) => {
        if (ctx.username === 'pw' && ctx.method === 'password')
          return ctx.password === PASSWORD ? ctx.accept() : ctx.reject(['password']);
        if (ctx.username === 'kbd' && ctx.method === 'keyboard-interactive')
          return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) =>
            answers[0] === PASSWORD ? ctx.accept() : ctx.reject(['keyboard-interactive']),
          );
        ctx.reject(ctx.username === 'pw' ? ['password'] : ['keyboard-interactive']);
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const parsed = utils.parseKey(hostKey);
    if (parsed instanceof Error) throw parsed;
    const blob = (Array.isArray(parsed) ? parsed[0]! : parsed).getPublicSSH();
    const fp = sha256Fingerprint(blob);
    const sdir = mkdtempSync(path.join(os.tmpdir(), 'tk-wpw-'));
    try {
      service = serviceIn(sdir, {
        resolveSecret: createSecretResolver(undefined, { TK_TEST_PW: PASSWORD }),
      });
      events = new EventLog(service);
      for (const user of ['pw', 'kbd'])
        service.start({
          ...testProfile(sshd, {
            id: user,
            user,
            verbose: true,
            auth: { passwordRef: 'env:TK_TEST_PW' },
            hostKey: { pinned: [fp] },
          }),
          port,
        });
      await events.state('pw', 'connected');
      await events.state('kbd', 'connected');
      const logged = JSON.stringify([service.logEntries('pw'), service.logEntries('kbd')]);
      expect(logged).toContain('password');
      await service.stopAll();
      expect(logged + allText(sdir)).not.toContain(PASSWORD);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("policy 'ask': unknown key → failed hostkey-unknown and a confirmation; confirmed → connects", async () => {
    service = testService();
    events = new EventLog(service);
    const profile = testProfile(sshd, { id: 'ask', hostKey: { policy: 'ask' } });
    service.start(profile);
    const failed = await events.state('ask', 'failed');
    expect(failed).toMatchObject({ cause: 'hostkey-unknown' });
    const pending = service.pendingHostKeys();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ port: sshd.port, fingerprint: sshd.hostKeyFingerprint });
    expect(events.states('ask').filter((s) => s === 'connecting')).toHaveLength(1); // no retry
    await pending[0]!.confirm('always');
    await service.stop('ask');
    const mark = events.events.length;
    service.start(profile);
    await events.state('ask', 'connected', undefined, mark);

    // A different key already trusted for the host is a hard stop with the security warning.
    const other = path.join(dir, 'other_known_hosts');
    const wrong = utils.parseKey(await testHostKey());
    if (wrong instanceof Error) throw wrong;
    const wrongBlob = (Array.isArray(wrong) ? wrong[0]! : wrong).getPublicSSH();
    writeFileSync(other, `[127.0.0.1]:${sshd.port} ssh-ed25519 ${wrongBlob.toString('base64')}\n`);
    service.start(
      testProfile(sshd, { id: 'changed', hostKey: { policy: 'ask', knownHostsFile: other } }),
    );
    const stopped = await events.state('changed', 'failed');
    expect(stopped).toMatchObject({ cause: 'hostkey-mismatch' });
    expect(stopped.type === 'state' && stopped.detail).toMatch(/SECURITY WARNING/);
  });
});
