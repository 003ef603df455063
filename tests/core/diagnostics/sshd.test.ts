import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAdvice, runDiagnostics, type DiagnoseReport } from '../../../main/core/diagnostics';
import {
  closedPort,
  generateKey,
  holdRemotePort,
  sshdProfile,
  startTcpListener,
  tempDir,
  type Listening,
} from '../../helpers/diag-servers';
import { requirePeer } from '../../helpers/peers';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';

/** Real faults against one real OpenSSH sshd: each diagnosis must name the right cause. */
const FAST = { tcpTimeoutMs: 2_000, stepTimeoutMs: 5_000, totalTimeoutMs: 25_000 };

function statuses(report: DiagnoseReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
}
function check(report: DiagnoseReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}
function advice(report: DiagnoseReport) {
  return {
    en: renderAdvice(report.adviceKeys, 'en').join('\n'),
    ja: renderAdvice(report.adviceKeys, 'ja').join('\n'),
  };
}

let sshd: SshdHandle;
let target: Listening;
const dir = tempDir();

beforeAll(async () => {
  sshd = await startSshd();
  target = await startTcpListener();
});
afterAll(async () => {
  await target?.close();
  await sshd?.stop();
});

describe('diagnose against a real sshd', () => {
  it('healthy: every check passes and the cause is null', async () => {
    const remotePort = await freePort();
    const localPort = await freePort();
    const profile = sshdProfile(sshd, {
      forwards: [
        {
          type: 'remote',
          id: 'lic',
          bindPort: remotePort,
          targetHost: '127.0.0.1',
          targetPort: target.port,
        },
        {
          type: 'local',
          id: 'loc',
          bindPort: localPort,
          targetHost: '127.0.0.1',
          targetPort: target.port,
        },
      ],
    });
    const report = await runDiagnostics(profile, FAST);
    expect(statuses(report)).toEqual({
      dns: 'pass',
      tcp: 'pass',
      banner: 'pass',
      kex: 'pass',
      hostkey: 'pass',
      auth: 'pass',
      forwards: 'pass',
      targets: 'pass',
    });
    expect(report.cause).toBeNull();
    expect(report.adviceKeys).toEqual([]);
    expect(check(report, 'banner').detail).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(check(report, 'hostkey').detail).toContain(sshd.hostKeyFingerprint);
    expect(check(report, 'auth').detail).toMatch(/accepted key .*SHA256:/);
    expect(check(report, 'auth').data?.methodsAllowed).toContain('publickey');
    // The remote port was released again: a real client can bind it right after.
    const held = await holdRemotePort(sshd, remotePort);
    held.close();
  });

  it('unauthorized key: auth-rejected, with the key to compare in both languages', async () => {
    const key = generateKey(dir, 'stranger');
    const report = await runDiagnostics(sshdProfile(sshd, { auth: { keyFile: key } }), FAST);
    expect(report.cause).toBe('auth-rejected');
    expect(statuses(report)).toMatchObject({ hostkey: 'pass', auth: 'fail', forwards: 'pass' });
    const pub = readFileSync(`${key}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    expect(check(report, 'auth').detail).toMatch(/server allows: publickey/);
    const text = advice(report);
    expect(text.en).toContain(pub);
    expect(text.ja).toContain(pub);
    expect(text.ja).toContain('1 文字ずつ比較');
    expect(text.en).toMatch(/Notepad/);
  });

  it('encrypted key without a passphrase: key-locked', async () => {
    const key = generateKey(dir, 'locked', 'correct horse');
    const report = await runDiagnostics(sshdProfile(sshd, { auth: { keyFile: key } }), FAST);
    expect(report.cause).toBe('key-locked');
    expect(check(report, 'auth').status).toBe('fail');
    expect(report.adviceKeys.map((a) => a.key)).toContain('auth.keyLocked');
    expect(advice(report).ja).toContain('パスフレーズ');
  });

  it('missing key file: key-unreadable', async () => {
    const report = await runDiagnostics(
      sshdProfile(sshd, { auth: { keyFile: path.join(dir, 'moved-away') } }),
      FAST,
    );
    expect(report.cause).toBe('key-unreadable');
    expect(check(report, 'auth').detail).toMatch(/moved-away/);
    expect(advice(report).en).toMatch(/moved or deleted/);
  });

  it('wrong pinned host key: hostkey-mismatch, and no authentication is tried', async () => {
    const wrong = `SHA256:${Buffer.alloc(32, 7).toString('base64').replace(/=+$/, '')}`;
    const report = await runDiagnostics(sshdProfile(sshd, { hostKey: { pinned: [wrong] } }), FAST);
    expect(report.cause).toBe('hostkey-mismatch');
    expect(statuses(report)).toMatchObject({ kex: 'pass', hostkey: 'fail', auth: 'skip' });
    expect(check(report, 'hostkey').detail).toContain(sshd.hostKeyFingerprint);
    expect(advice(report).en).toMatch(/Do not connect/);
  });

  it('unknown host key under the strict policy: hostkey-unknown', async () => {
    const report = await runDiagnostics(sshdProfile(sshd, { hostKey: { pinned: [] } }), FAST);
    expect(report.cause).toBe('hostkey-unknown');
    expect(advice(report).en).toContain(sshd.hostKeyFingerprint);
  });

  it('closed target port: target-unreachable, labelled and with the vendor-port step', async () => {
    const port = await closedPort();
    const profile = sshdProfile(sshd, {
      forwards: [
        {
          type: 'remote',
          id: 'vendor',
          bindPort: await freePort(),
          targetHost: '127.0.0.1',
          targetPort: port,
        },
      ],
    });
    const report = await runDiagnostics(profile, FAST);
    expect(report.cause).toBe('target-unreachable');
    expect(statuses(report)).toMatchObject({ auth: 'pass', forwards: 'pass', targets: 'fail' });
    expect(check(report, 'targets').detail).toMatch(/refused/);
    const keys = report.adviceKeys.map((a) => a.key);
    expect(keys).toEqual(expect.arrayContaining(['target.serviceDown', 'target.vendorPort']));
    expect(advice(report).ja).toContain('VENDOR');
  });

  it('labels a well-known license port', async () => {
    // Nothing listens on 27000 here; the label comes from the port.
    const profile = sshdProfile(sshd, {
      forwards: [
        {
          type: 'remote',
          id: 'abaqus',
          bindPort: await freePort(),
          targetHost: '127.0.0.1',
          targetPort: 27000,
        },
      ],
    });
    const report = await runDiagnostics(profile, FAST);
    expect(check(report, 'targets').detail).toMatch(/FlexLM license/);
  });

  it('remote port already held on the server: forward-refused, "in use" with high confidence', async () => {
    const port = await freePort();
    const held = await holdRemotePort(sshd, port);
    try {
      const profile = sshdProfile(sshd, {
        forwards: [
          {
            type: 'remote',
            id: 'lic',
            bindPort: port,
            targetHost: '127.0.0.1',
            targetPort: target.port,
          },
        ],
      });
      const report = await runDiagnostics(profile, FAST);
      expect(report.cause).toBe('forward-refused');
      expect(check(report, 'forwards').detail).toMatch(/already in use on the server/);
      const keys = report.adviceKeys.map((a) => a.key);
      expect(keys).toEqual(['forward.staleSession', 'forward.secondTunnel', 'forward.clientAlive']);
      expect(advice(report).en).toContain('ClientAliveInterval');
      expect(advice(report).ja).toContain('ClientAliveInterval');
    } finally {
      held.close();
    }
  });

  it('local port taken on this machine: local-port-in-use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const profile = sshdProfile(sshd, {
        forwards: [
          {
            type: 'local',
            id: 'loc',
            bindPort: port,
            targetHost: '127.0.0.1',
            targetPort: target.port,
          },
        ],
      });
      const report = await runDiagnostics(profile, FAST);
      expect(report.cause).toBe('local-port-in-use');
      expect(check(report, 'forwards').detail).toMatch(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });

  it('a rejected PPK key gets the convert-to-OpenSSH step', async () => {
    const key = generateKey(dir, 'putty');
    const ppk = path.join(dir, 'putty.ppk');
    execFileSync(requirePeer('puttygen'), [key, '-O', 'private', '-o', ppk]);
    const report = await runDiagnostics(sshdProfile(sshd, { auth: { keyFile: ppk } }), FAST);
    expect(report.cause).toBe('auth-rejected');
    expect(report.adviceKeys.map((a) => a.key)).toContain('auth.ppkToOpenssh');
    expect(advice(report).en).toContain(`keys convert ${ppk} --to openssh`);
  });
});
