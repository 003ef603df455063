import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAdvice, runDiagnostics, type DiagnoseReport } from '../../../main/core/diagnostics';
import { sshdProfile, startTcpListener, type Listening } from '../../helpers/diag-servers';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';

/** sshd "personalities": servers configured the way that makes a tunnel fail. */
const FAST = { tcpTimeoutMs: 2_000, stepTimeoutMs: 5_000, totalTimeoutMs: 25_000 };

function check(report: DiagnoseReport, id: string) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}

let noForwarding: SshdHandle;
let permitListen: SshdHandle;
let kexOnly: SshdHandle;
let twoFactor: SshdHandle;
let target: Listening;
let allowedPort: number;

beforeAll(async () => {
  allowedPort = await freePort();
  [noForwarding, permitListen, kexOnly, twoFactor, target] = await Promise.all([
    // sshd keeps the first value of a keyword and the helper's defaults say "yes" first:
    // a Match block is how a later line can still override it.
    startSshd({ extraConfig: ['Match all', '  AllowTcpForwarding no'] }),
    // As a provider permits `ssh -R port:…` (OpenSSH asks for "localhost" when no address is given).
    startSshd({ extraConfig: [`PermitListen localhost:${allowedPort}`] }),
    startSshd({ extraConfig: ['KexAlgorithms sntrup761x25519-sha512@openssh.com'] }),
    // The key is accepted, then a second, different key is wanted: partial success. (The helper
    // disables passwords, and sshd refuses an AuthenticationMethods it cannot satisfy.)
    startSshd({ extraConfig: ['AuthenticationMethods publickey,publickey'] }),
    startTcpListener(),
  ]);
});
afterAll(async () => {
  await Promise.all([
    noForwarding?.stop(),
    permitListen?.stop(),
    kexOnly?.stop(),
    twoFactor?.stop(),
    target?.close(),
  ]);
});

describe('server personalities', () => {
  it('AllowTcpForwarding no: forward-refused, said to be not permitted', async () => {
    const profile = sshdProfile(noForwarding, {
      forwards: [
        {
          type: 'remote',
          id: 'lic',
          bindPort: await freePort(),
          targetHost: '127.0.0.1',
          targetPort: target.port,
        },
      ],
    });
    const report = await runDiagnostics(profile, FAST);
    expect(report.cause).toBe('forward-refused');
    expect(check(report, 'auth').status).toBe('pass');
    const forwards = check(report, 'forwards');
    expect(forwards.detail).toMatch(/refuses every remote bind .* not permitted/);
    expect(forwards.detail).not.toMatch(/already in use/);
    // The server prohibits our probe to that port too, so "not permitted" is said as likely.
    expect(forwards.detail).toMatch(/\[confidence: medium\]/);
    expect(report.adviceKeys[0]?.key).toBe('forward.probablyNotPermitted');
    expect(renderAdvice(report.adviceKeys, 'ja')[0]).toContain('AllowTcpForwarding');
    expect(renderAdvice(report.adviceKeys, 'ja')[0]).toContain('可能性が高い');
  });

  it('PermitListen for another port: forward-refused, not "in use"', async () => {
    let other = await freePort();
    while (other === allowedPort) other = await freePort();
    const profile = sshdProfile(permitListen, {
      forwards: [
        {
          type: 'remote',
          id: 'lic',
          bindPort: other,
          targetHost: '127.0.0.1',
          targetPort: target.port,
        },
      ],
    });
    const report = await runDiagnostics(profile, FAST);
    expect(report.cause).toBe('forward-refused');
    const finding = (check(report, 'forwards').data?.findings as object[])[0];
    // Nothing listens on the port (the server said so) and no bind at all is allowed: sure.
    expect(finding).toMatchObject({ verdict: 'not-permitted', confidence: 'high' });
    expect(report.adviceKeys.map((a) => a.key)).toEqual(['forward.notPermitted']);
  });

  it('PermitListen for our port: the bind passes', async () => {
    const profile = sshdProfile(permitListen, {
      forwards: [
        {
          type: 'remote',
          id: 'lic',
          bindPort: allowedPort,
          targetHost: '127.0.0.1',
          targetPort: target.port,
        },
      ],
    });
    const report = await runDiagnostics(profile, FAST);
    expect(report.cause).toBeNull();
    expect(check(report, 'forwards').status).toBe('pass');
  });

  it('a key exchange the client cannot speak: kex-mismatch with both offers', async () => {
    const report = await runDiagnostics(sshdProfile(kexOnly), FAST);
    expect(report.cause).toBe('kex-mismatch');
    const kex = check(report, 'kex');
    expect(kex.status).toBe('fail');
    expect(kex.detail).toContain('server offers: sntrup761x25519-sha512@openssh.com');
    expect(kex.detail).toMatch(/Tunnelkeeper offers: .*curve25519-sha256/);
    expect(check(report, 'hostkey').status).toBe('skip');
    expect(check(report, 'auth').status).toBe('skip');
    expect(renderAdvice(report.adviceKeys, 'ja')[0]).toContain(
      'sntrup761x25519-sha512@openssh.com',
    );
  });

  it('a second factor wanted after the key: auth-rejected with partial success', async () => {
    const report = await runDiagnostics(sshdProfile(twoFactor), FAST);
    expect(report.cause).toBe('auth-rejected');
    expect(check(report, 'auth').detail).toMatch(/partial success/);
    expect(check(report, 'auth').data?.methodsAllowed).toEqual(['publickey']);
    expect(report.adviceKeys[0]?.key).toBe('auth.secondFactor');
    expect(renderAdvice(report.adviceKeys, 'ja')[0]).toContain('publickey');
  });
});
