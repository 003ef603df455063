import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { requirePeer } from '../../helpers/peers';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

/** A private ssh-agent on its own socket (never the developer's). */
async function startAgent(): Promise<{ socket: string; child: ChildProcess }> {
  const agent = path.join(path.dirname(requirePeer('ssh-add')), 'ssh-agent');
  const socket = path.join(mkdtempSync(path.join(os.tmpdir(), 'tk-agent-')), 'agent.sock');
  const child = spawn(agent, ['-D', '-a', socket], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 20));
  return { socket, child };
}

describe('credentials: keys, passphrases, agent', () => {
  let sshd: SshdHandle;
  let service: TunnelService;
  let events: EventLog;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-cred-'));

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterEach(async () => {
    await service?.stopAll();
    events?.unsubscribe();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('a missing key file → waiting with key-unreadable (it may come back, e.g. a network drive)', async () => {
    service = testService();
    events = new EventLog(service);
    service.start(testProfile(sshd, { auth: { keyFile: path.join(dir, 'gone') } }));
    expect(await events.state('p1', 'waiting')).toMatchObject({ cause: 'key-unreadable' });
  });

  it('an encrypted key: no/wrong passphrase → failed key-locked; right one connects, passphrase never logged', async () => {
    const key = path.join(dir, 'locked');
    copyFileSync(sshd.clientKeyPath, key);
    execFileSync(requirePeer('ssh-keygen'), [
      '-q',
      '-p',
      '-N',
      'correct horse',
      '-P',
      '',
      '-f',
      key,
    ]);
    const wrong = path.join(dir, 'wrong.txt');
    const right = path.join(dir, 'right.txt');
    writeFileSync(wrong, 'battery staple\n');
    writeFileSync(right, 'correct horse\r\n');
    service = testService();
    events = new EventLog(service);
    service.start(testProfile(sshd, { id: 'none', auth: { keyFile: key } }));
    service.start(
      testProfile(sshd, { id: 'wrong', auth: { keyFile: key, passphraseFile: wrong } }),
    );
    service.start(
      testProfile(sshd, {
        id: 'right',
        verbose: true,
        auth: { keyFile: key, passphraseFile: right },
      }),
    );
    expect(await events.state('none', 'failed')).toMatchObject({ cause: 'key-locked' });
    expect(await events.state('wrong', 'failed')).toMatchObject({ cause: 'key-locked' });
    await events.state('right', 'connected');
    const log = service.logEntries('right');
    expect(log.some((e) => e.level === 'debug')).toBe(true); // verbose protocol log is on
    expect(JSON.stringify(log)).not.toContain('correct horse');
  });

  it('SSH agent: its key authenticates; an empty agent → agent-empty', async () => {
    const agent = await startAgent();
    try {
      service = testService();
      events = new EventLog(service);
      service.start(
        testProfile(sshd, { id: 'empty', auth: { agent: true, agentSocket: agent.socket } }),
      );
      expect(await events.state('empty', 'waiting')).toMatchObject({ cause: 'agent-empty' });
      execFileSync(requirePeer('ssh-add'), ['-q', sshd.clientKeyPath], {
        env: { ...process.env, SSH_AUTH_SOCK: agent.socket },
        stdio: 'ignore',
      });
      service.nudge('empty');
      await events.state('empty', 'connected');
    } finally {
      agent.child.kill();
    }
  });

  it('nudge retries a waiting tunnel at once', async () => {
    service = testService();
    events = new EventLog(service);
    service.start({
      ...testProfile(sshd, { reconnect: { minDelaySeconds: 30, maxDelaySeconds: 60 } }),
      port: 1,
    });
    await events.state('p1', 'waiting');
    const mark = events.events.length;
    const t = Date.now();
    service.nudge();
    await events.state('p1', 'connecting', 2_000, mark);
    expect(Date.now() - t).toBeLessThan(1_000);
  });
});
