import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileSchema, type ProfileInput } from '../../../main/core/config/profile';
import { renderAdvice, runDiagnostics, type DiagnoseReport } from '../../../main/core/diagnostics';
import {
  closedPort,
  startHttpServer,
  startResetServer,
  startTcpListener,
  type Listening,
} from '../../helpers/diag-servers';

/** Faults below SSH, made for real on loopback (and `.invalid`, which never resolves). */
const FAST = { tcpTimeoutMs: 2_000, stepTimeoutMs: 3_000, totalTimeoutMs: 20_000 };

function profile(overrides: Partial<ProfileInput>) {
  return ProfileSchema.parse({ id: 'p', name: 'n', host: '127.0.0.1', user: 'u', ...overrides });
}
function statuses(report: DiagnoseReport) {
  return report.checks.map((c) => `${c.id}:${c.status}`).join(' ');
}

let http: Listening;
let reset: Listening;
let ipService: Listening;

beforeAll(async () => {
  [http, reset, ipService] = await Promise.all([
    startHttpServer(),
    startResetServer(),
    startHttpServer('203.0.113.7\n'),
  ]);
});
afterAll(async () => {
  await Promise.all([http?.close(), reset?.close(), ipService?.close()]);
});

describe('network faults', () => {
  it('a host under .invalid: dns-not-found, everything after skips', async () => {
    const report = await runDiagnostics(profile({ host: 'proxy.example.invalid' }), FAST);
    expect(report.cause).toBe('dns-not-found');
    expect(statuses(report)).toBe(
      'dns:fail tcp:skip banner:skip kex:skip hostkey:skip auth:skip forwards:pass targets:pass',
    );
    expect(report.checks[0]?.detail).toMatch(/proxy\.example\.invalid does not resolve/);
    expect(renderAdvice(report.adviceKeys, 'ja')[0]).toContain('proxy.example.invalid');
  });

  it('nothing listening: tcp-refused, with the firewall and allow-list steps', async () => {
    const port = await closedPort();
    const report = await runDiagnostics(profile({ port }), FAST);
    expect(report.cause).toBe('tcp-refused');
    expect(report.checks[1]?.detail).toMatch(/refused.*ECONNREFUSED/);
    expect(statuses(report)).toMatch(
      /^dns:pass tcp:fail banner:skip kex:skip hostkey:skip auth:skip/,
    );
    const keys = report.adviceKeys.map((a) => a.key);
    expect(keys).toEqual([
      'tcp.refused.checkPort',
      'tcp.outboundFirewall',
      'tcp.allowList.find',
      'tcp.allowList.openTest',
    ]);
    // No lookup service configured: the advice says how to find the IP, nothing was contacted.
    expect(renderAdvice(report.adviceKeys, 'en').join('\n')).toContain('nslookup myip.opendns.com');
  });

  it('shows the public IP only from a configured lookup service', async () => {
    const port = await closedPort();
    const report = await runDiagnostics(profile({ port }), {
      ...FAST,
      publicIpUrl: `http://127.0.0.1:${ipService.port}/`,
    });
    expect(report.adviceKeys).toContainEqual({
      key: 'tcp.allowList.ip',
      params: { ip: '203.0.113.7' },
    });
    expect(renderAdvice(report.adviceKeys, 'ja').join('\n')).toContain('203.0.113.7');
  });

  it('an HTTP server on the SSH port: not-ssh, naming what answered', async () => {
    const report = await runDiagnostics(profile({ port: http.port }), FAST);
    expect(report.cause).toBe('not-ssh');
    const banner = report.checks.find((c) => c.id === 'banner');
    expect(banner?.status).toBe('fail');
    expect(banner?.detail).toMatch(/an HTTP server.*HTTP\/1\.1 400/);
    expect(statuses(report)).toMatch(/kex:skip hostkey:skip auth:skip/);
  });

  it('a service that accepts and says nothing: not-ssh, said to be silent', async () => {
    const silent = await startTcpListener();
    try {
      const report = await runDiagnostics(profile({ port: silent.port }), {
        ...FAST,
        stepTimeoutMs: 1_000,
      });
      expect(report.cause).toBe('not-ssh');
      expect(report.checks[2]?.detail).toMatch(/nothing answered in 1000 ms/);
    } finally {
      await silent.close();
    }
  });

  it('a connection reset during set-up: tcp-reset', async () => {
    const report = await runDiagnostics(profile({ port: reset.port }), FAST);
    expect(report.cause).toBe('tcp-reset');
    expect(report.checks[1]?.detail).toMatch(/reset/);
    expect(report.adviceKeys.map((a) => a.key)).toContain('tcp.allowList.openTest');
  });

  it('checks targets of remote forwards from this machine even without a session', async () => {
    const port = await closedPort();
    const report = await runDiagnostics(
      profile({
        host: 'proxy.example.invalid',
        forwards: [
          { type: 'remote', id: 'lic', bindPort: 1055, targetHost: '127.0.0.1', targetPort: port },
        ],
      }),
      FAST,
    );
    // The first failure decides the cause; the target's evidence is still there.
    expect(report.cause).toBe('dns-not-found');
    expect(report.checks.find((c) => c.id === 'targets')?.status).toBe('fail');
    expect(report.checks.find((c) => c.id === 'forwards')?.status).toBe('skip');
  });
});
