import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cause } from '../../../main/core/causes';
import type { Profile } from '../../../main/core/config/profile';
import { runDiagnostics } from '../../../main/core/diagnostics';
import type { TunnelService } from '../../../main/core/service';
import {
  closedPort,
  generateKey,
  holdRemotePort,
  startHttpServer,
  tempDir,
} from '../../helpers/diag-servers';
import { freePort } from '../../helpers/ports';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

/**
 * `up` and `diagnose` classify with the same classifier (tunnels/classify.ts): for one fault,
 * the cause the supervisor reports is the cause the diagnosis names.
 */
const FAST = { tcpTimeoutMs: 2_000, stepTimeoutMs: 5_000, totalTimeoutMs: 25_000 };

let sshd: SshdHandle;
let service: TunnelService;
const dir = tempDir();

beforeAll(async () => {
  sshd = await startSshd();
  service = testService();
});
afterAll(async () => {
  await service?.stopAll();
  await sshd?.stop();
});

/** The first cause `up` reports for the profile (waiting, failed or degraded). */
async function upCause(profile: Profile): Promise<Cause | undefined> {
  const log = new EventLog(service);
  try {
    service.start(profile);
    const event = await log.waitFor(
      (e) => e.type === 'state' && e.profile === profile.id && e.cause !== undefined,
      20_000,
    );
    return event.type === 'state' ? event.cause : undefined;
  } finally {
    log.unsubscribe();
    await service.stop(profile.id);
  }
}

describe('up and diagnose agree', () => {
  const cases: [string, () => Promise<Profile>][] = [
    [
      'nothing listening',
      async () => testProfile(sshd, { id: 'refused', port: await closedPort() }),
    ],
    [
      'an unauthorized key',
      async () =>
        testProfile(sshd, { id: 'stranger', auth: { keyFile: generateKey(dir, 'stranger') } }),
    ],
    [
      'an encrypted key without passphrase',
      async () =>
        testProfile(sshd, {
          id: 'locked',
          auth: { keyFile: generateKey(dir, 'locked', 'pw-1234') },
        }),
    ],
    [
      'a missing key file',
      async () => testProfile(sshd, { id: 'missing', auth: { keyFile: `${dir}/moved-away` } }),
    ],
    [
      'a wrong pinned host key',
      async () =>
        testProfile(sshd, {
          id: 'pin',
          hostKey: {
            pinned: [`SHA256:${Buffer.alloc(32, 9).toString('base64').replace(/=+$/, '')}`],
          },
        }),
    ],
  ];
  for (const [name, make] of cases) {
    it(name, async () => {
      const profile = await make();
      const diagnosed = (await runDiagnostics(profile, FAST)).cause;
      expect(diagnosed).not.toBeNull();
      expect(await upCause(profile)).toBe(diagnosed);
    });
  }

  it('an HTTP server on the SSH port', async () => {
    const http = await startHttpServer();
    try {
      const profile = testProfile(sshd, { id: 'http', port: http.port });
      const diagnosed = (await runDiagnostics(profile, FAST)).cause;
      expect(diagnosed).toBe('not-ssh');
      expect(await upCause(profile)).toBe('not-ssh');
    } finally {
      await http.close();
    }
  });

  it('a remote port held on the server', async () => {
    const port = await freePort();
    const held = await holdRemotePort(sshd, port);
    try {
      const profile = testProfile(sshd, {
        id: 'held',
        forwards: [
          { type: 'remote', id: 'lic', bindPort: port, targetHost: '127.0.0.1', targetPort: 9 },
        ],
      });
      const diagnosed = (await runDiagnostics(profile, FAST)).cause;
      expect(diagnosed).toBe('forward-refused');
      expect(await upCause(profile)).toBe(diagnosed);
    } finally {
      held.close();
    }
  });
});
