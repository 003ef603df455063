import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiagnostics } from '../../../main/core/diagnostics';
import { sshdProfile } from '../../helpers/diag-servers';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { roundTrip, sha256, startEchoServer, type TargetServer } from '../../helpers/targets';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

/**
 * An old appliance: OpenSSH set to speak only diffie-hellman-group14-sha1 and aes256-cbc, which
 * the engine supports but does not offer by default. `diagnose` names the exact profile line,
 * and with it the tunnel carries bytes.
 */
const FAST = { tcpTimeoutMs: 2_000, stepTimeoutMs: 5_000, totalTimeoutMs: 25_000 };
const KEX = '+diffie-hellman-group14-sha1';
const CIPHER = '+aes256-cbc';

let legacy: SshdHandle;
let echo: TargetServer;

beforeAll(async () => {
  [legacy, echo] = await Promise.all([
    startSshd({ extraConfig: ['KexAlgorithms diffie-hellman-group14-sha1', 'Ciphers aes256-cbc'] }),
    startEchoServer(),
  ]);
});
afterAll(async () => {
  await Promise.all([legacy?.stop(), echo?.close()]);
});

describe('a server that speaks only old algorithms', () => {
  it('diagnose gives the profile line for the key exchange, then for the cipher, then passes', async () => {
    const first = await runDiagnostics(sshdProfile(legacy), FAST);
    expect(first.cause).toBe('kex-mismatch');
    expect(first.adviceKeys[0]).toMatchObject({
      key: 'kex.enable-legacy',
      params: { line: `"algorithms": { "kex": "${KEX}" }` },
    });
    expect(String(first.adviceKeys[0]?.params?.option)).toBe(`-o KexAlgorithms=${KEX}`);

    const second = await runDiagnostics(sshdProfile(legacy, { algorithms: { kex: KEX } }), FAST);
    expect(second.cause).toBe('kex-mismatch');
    expect(second.adviceKeys[0]?.params?.line).toBe(`"algorithms": { "cipher": "${CIPHER}" }`);

    const fixed = await runDiagnostics(
      sshdProfile(legacy, { algorithms: { kex: KEX, cipher: CIPHER } }),
      FAST,
    );
    expect(fixed.cause).toBeNull();
    expect(fixed.checks.find((c) => c.id === 'kex')?.detail).toMatch(
      /would use diffie-hellman-group14-sha1, .*cipher aes256-cbc/,
    );
  });

  it('the engine reports kex-mismatch without the lines and carries bytes with them', async () => {
    const service = testService();
    const log = new EventLog(service);
    const port = await freePort();
    const forwards = [
      {
        type: 'local' as const,
        id: 'L',
        bindPort: port,
        targetHost: '127.0.0.1',
        targetPort: echo.port,
      },
    ];
    try {
      service.start(testProfile(legacy, { id: 'plain', forwards }));
      await log.waitFor(
        (e) => e.type === 'state' && e.profile === 'plain' && e.cause === 'kex-mismatch',
      );
      await service.stopAll();

      service.start(
        testProfile(legacy, { id: 'legacy', algorithms: { kex: KEX, cipher: CIPHER }, forwards }),
      );
      await log.state('legacy', 'connected');
      const payload = randomBytes(1024 * 1024);
      expect(sha256(await roundTrip(port, payload))).toBe(sha256(payload));
    } finally {
      await service.stopAll();
    }
  });
});
