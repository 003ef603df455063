import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAdvice, runDiagnostics, type DiagnoseReport } from '../../../main/core/diagnostics';
import { lockFileFor } from '../../../main/core/tunnels/lock';
import { generateKey, sshdProfile, startAgent, tempDir } from '../../helpers/diag-servers';
import { startSshd, type SshdHandle } from '../../helpers/sshd';

/** Where trust and keys come from: known_hosts, accept-new, and a real ssh-agent. */
const FAST = { tcpTimeoutMs: 2_000, stepTimeoutMs: 5_000, totalTimeoutMs: 25_000 };

function check(report: DiagnoseReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}

let sshd: SshdHandle;
const dir = tempDir();

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

function knownHosts(line: string): string {
  const file = path.join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, `${line}\n`);
  return file;
}

describe('host key trust', () => {
  it('a matching known_hosts entry passes', async () => {
    const [type, blob] = sshd.hostPublicKey.split(/\s+/);
    const file = knownHosts(`[127.0.0.1]:${sshd.port} ${type} ${blob}`);
    const report = await runDiagnostics(
      sshdProfile(sshd, { hostKey: { pinned: [], knownHostsFile: file } }),
      FAST,
    );
    expect(report.cause).toBeNull();
    expect(check(report, 'hostkey').detail).toContain(`known_hosts ${file}`);
  });

  it('a different key of the same type in known_hosts: hostkey-mismatch', async () => {
    const other = generateKey(dir, 'impostor');
    const [type, blob] = readFileSync(`${other}.pub`, 'utf8').split(/\s+/);
    const file = knownHosts(`[127.0.0.1]:${sshd.port} ${type} ${blob}`);
    const report = await runDiagnostics(
      sshdProfile(sshd, { hostKey: { pinned: [], knownHostsFile: file } }),
      FAST,
    );
    expect(report.cause).toBe('hostkey-mismatch');
    expect(check(report, 'auth').status).toBe('skip');
  });

  it('accept-new with nothing recorded: a warning, not a cause, and nothing is written', async () => {
    const file = path.join(dir, 'empty_known_hosts');
    const report = await runDiagnostics(
      sshdProfile(sshd, { hostKey: { pinned: [], knownHostsFile: file, policy: 'accept-new' } }),
      FAST,
    );
    expect(check(report, 'hostkey').status).toBe('warn');
    expect(report.cause).toBeNull();
    expect(existsSync(file)).toBe(false);
  });
});

describe('SSH agent', () => {
  it('an agent that holds no key: agent-empty', async () => {
    const agent = await startAgent(dir);
    try {
      const report = await runDiagnostics(
        sshdProfile(sshd, { auth: { agent: true, agentSocket: agent.socket } }),
        FAST,
      );
      expect(report.cause).toBe('agent-empty');
      expect(check(report, 'auth').detail).toMatch(/holds no keys/);
      expect(renderAdvice(report.adviceKeys, 'en').join('\n')).toMatch(/Pageant/);
      expect(renderAdvice(report.adviceKeys, 'ja').join('\n')).toContain('Pageant');
    } finally {
      agent.stop();
    }
  });

  it('an agent holding the authorized key: auth passes and names the agent key', async () => {
    const agent = await startAgent(dir);
    try {
      agent.add(sshd.clientKeyPath);
      const report = await runDiagnostics(
        sshdProfile(sshd, { auth: { agent: true, agentSocket: agent.socket } }),
        FAST,
      );
      expect(report.cause).toBeNull();
      const blob = Buffer.from(
        readFileSync(`${sshd.clientKeyPath}.pub`, 'utf8').split(/\s+/)[1]!,
        'base64',
      );
      const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
      expect(check(report, 'auth').detail).toContain(
        `accepted agent ${agent.socket} [${fingerprint}]`,
      );
    } finally {
      agent.stop();
    }
  });

  it('an agent holding only other keys: auth-rejected, listing what it offered', async () => {
    const agent = await startAgent(dir);
    try {
      agent.add(generateKey(dir, 'unrelated'));
      const report = await runDiagnostics(
        sshdProfile(sshd, { auth: { agent: true, agentSocket: agent.socket } }),
        FAST,
      );
      expect(report.cause).toBe('auth-rejected');
      expect(report.adviceKeys.map((a) => a.key)).toContain('auth.agentWrongKey');
    } finally {
      agent.stop();
    }
  });
});

describe('stored password', () => {
  it('offered only when it can be read, and named as not allowed by a key-only server', async () => {
    const profile = sshdProfile(sshd, { auth: { passwordRef: 'proxy-password' } });
    const report = await runDiagnostics(profile, {
      ...FAST,
      resolveSecret: async (ref) => (ref === 'proxy-password' ? 'pw-Secret-123' : undefined),
    });
    expect(report.cause).toBe('auth-rejected');
    expect(check(report, 'auth').detail).toContain(
      'stored password → the server does not allow password',
    );
    expect(JSON.stringify(report)).not.toContain('pw-Secret-123');

    const unread = await runDiagnostics(profile, FAST);
    expect(check(unread, 'auth').detail).toMatch(/could not be read here/);
  });
});

describe('a tunnel of this profile already running', () => {
  it('says its ports are busy because of it, before any stale-session theory', async () => {
    const runtimeDir = path.join(dir, 'runtime');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const profile = sshdProfile(sshd, {
        id: 'running',
        forwards: [
          { type: 'local', id: 'loc', bindPort: port, targetHost: '127.0.0.1', targetPort: port },
        ],
      });
      // The supervisor's lock for this profile, held by a live process (this one).
      const lock = lockFileFor(runtimeDir, profile);
      mkdirSync(path.dirname(lock), { recursive: true });
      const owner = {
        pid: process.pid,
        host: 'here',
        startedAt: '2026-01-01T00:00:00Z',
        profile: 'running',
      };
      writeFileSync(lock, JSON.stringify(owner));
      const report = await runDiagnostics(profile, {
        ...FAST,
        env: { ...process.env, TUNNELKEEPER_RUNTIME_DIR: runtimeDir },
      });
      expect(report.cause).toBe('local-port-in-use');
      expect(check(report, 'forwards').detail).toMatch(/running now \(pid \d+/);
      expect(report.adviceKeys[0]?.key).toBe('forward.runningNow');

      const notRunning = await runDiagnostics(profile, {
        ...FAST,
        env: { ...process.env, TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'elsewhere') },
      });
      expect(notRunning.adviceKeys[0]?.key).toBe('forward.localInUse');
    } finally {
      blocker.close();
    }
  });
});
