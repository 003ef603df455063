import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiagnostics } from '../../../main/core/diagnostics';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { startEchoServer, type TargetServer } from '../../helpers/targets';
import { testProfile } from '../../helpers/tunnels';

/**
 * `diagnose` on a profile behind a bastion: the chain is opened with the engine's own code and a
 * failure lands on the check its cause belongs to, with the hop named in the detail.
 */
const FAST = { tcpTimeoutMs: 2000, stepTimeoutMs: 4000, env: {} };
const WRONG_PIN = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';

describe('diagnose through jump hosts', () => {
  let bastion: SshdHandle;
  let target: SshdHandle;
  let echo: TargetServer;

  beforeAll(async () => {
    [bastion, target, echo] = await Promise.all([startSshd(), startSshd(), startEchoServer()]);
  });
  afterAll(async () => {
    await echo?.close();
    await Promise.all([bastion?.stop(), target?.stop()]);
  });

  const jump = (pinned = [bastion.hostKeyFingerprint], port = bastion.port) => ({
    host: bastion.host,
    port,
    user: bastion.user,
    auth: { keyFile: bastion.clientKeyPath },
    hostKey: { pinned },
  });
  const profile = (jumps: ReturnType<typeof jump>[]) =>
    testProfile(target, {
      jumps,
      forwards: [
        { type: 'local', id: 'L', bindPort: 0, targetHost: '127.0.0.1', targetPort: echo.port },
      ],
    });

  it('passes every check through a healthy bastion', async () => {
    const report = await runDiagnostics(profile([jump()]), FAST);
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'dns:pass',
      'tcp:pass',
      'banner:pass',
      'kex:pass',
      'hostkey:pass',
      'auth:pass',
      'forwards:pass',
      'targets:pass',
    ]);
    expect(report.cause).toBeNull();
    expect(report.checks[1]!.detail).toMatch(/via hop 1 \(127\.0\.0\.1:\d+\)/);
  });

  it('puts a wrong bastion key on the hostkey check and names the hop', async () => {
    const report = await runDiagnostics(profile([jump([WRONG_PIN])]), FAST);
    const hostkey = report.checks.find((c) => c.id === 'hostkey')!;
    expect(report.cause).toBe('hostkey-mismatch');
    expect(hostkey).toMatchObject({ status: 'fail', cause: 'hostkey-mismatch' });
    expect(hostkey.detail).toMatch(new RegExp(`^hop 1 \\(127\\.0\\.0\\.1:${bastion.port}\\)`));
    expect(report.checks.find((c) => c.id === 'auth')!.status).toBe('skip');
  });

  it('puts a bastion that does not listen on the tcp check and names the hop', async () => {
    const closed = await freePort();
    const report = await runDiagnostics(profile([jump(undefined, closed)]), FAST);
    expect(report.cause).toBe('tcp-refused');
    expect(report.checks.find((c) => c.id === 'tcp')!.detail).toMatch(
      new RegExp(`^hop 1 \\(127\\.0\\.0\\.1:${closed}\\)`),
    );
  });
});
