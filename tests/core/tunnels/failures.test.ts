import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TunnelService } from '../../../main/core/service';
import { freePort } from '../../helpers/ports';
import { requirePeer } from '../../helpers/peers';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('failures only a person can fix, and the ones that must not hammer the server', () => {
  let sshd: SshdHandle;
  let service: TunnelService;
  let events: EventLog;

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

  it('wrong key → auth-rejected, retried slowly (no hot loop)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-key-'));
    const key = path.join(dir, 'stranger');
    execFileSync(requirePeer('ssh-keygen'), ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    service = testService();
    events = new EventLog(service);
    service.start(testProfile(sshd, { auth: { keyFile: key } }));
    const waiting = await events.state('p1', 'waiting');
    expect(waiting).toMatchObject({ cause: 'auth-rejected' });
    expect((waiting as { retryInMs: number }).retryInMs).toBeGreaterThanOrEqual(5_000);
    service.nudge(); // even a nudge (network back) must not make it hammer the server
    await sleep(6_000);
    const attempts = events.events.filter((e) => e.type === 'state' && e.state === 'connecting');
    expect(attempts.length).toBeLessThanOrEqual(3);
    const later = events.events.filter((e) => e.type === 'state' && e.state === 'waiting');
    expect(later.every((e) => e.type === 'state' && e.cause === 'auth-rejected')).toBe(true);
    expect(((later.at(-1) ?? waiting) as { retryInMs: number }).retryInMs).toBeGreaterThanOrEqual(
      5_000,
    );
  });

  it('pinned host key differs → failed with hostkey-mismatch, never retried', async () => {
    service = testService();
    events = new EventLog(service);
    service.start(
      testProfile(sshd, {
        hostKey: { pinned: ['SHA256:' + 'x'.repeat(43)] },
        forwards: [{ type: 'dynamic', id: 'D', bindPort: await freePort() }],
      }),
    );
    const failed = await events.state('p1', 'failed');
    expect(failed).toMatchObject({ cause: 'hostkey-mismatch' });
    expect((failed as { detail: string }).detail).toContain(sshd.hostKeyFingerprint);
    await sleep(2_500);
    expect(events.states('p1')).toEqual(['connecting', 'failed:hostkey-mismatch']);
  });

  it('unknown host key (strict) → failed with hostkey-unknown; accept-new records it and connects', async () => {
    const knownHosts = path.join(mkdtempSync(path.join(os.tmpdir(), 'tk-kh-')), 'known_hosts');
    service = testService();
    events = new EventLog(service);
    service.start(
      testProfile(sshd, { id: 'strict', hostKey: { pinned: [], knownHostsFile: knownHosts } }),
    );
    expect(await events.state('strict', 'failed')).toMatchObject({ cause: 'hostkey-unknown' });

    service.start(
      testProfile(sshd, {
        id: 'tofu',
        hostKey: { pinned: [], knownHostsFile: knownHosts, policy: 'accept-new' },
      }),
    );
    await events.state('tofu', 'connected');
    const keyBlob = sshd.hostPublicKey.split(/\s+/)[1]!;
    await expect
      .poll(() => readFileSync(knownHosts, 'utf8'))
      .toContain(`[127.0.0.1]:${sshd.port} ssh-ed25519 ${keyBlob}`);

    // Now that it is recorded, the strict profile trusts it too.
    await service.stop('strict');
    service.start(
      testProfile(sshd, { id: 'strict', hostKey: { pinned: [], knownHostsFile: knownHosts } }),
    );
    await events.state('strict', 'connected');
  });

  it('nothing listening → waiting with tcp-refused and growing delays', async () => {
    const port = await freePort();
    service = testService();
    events = new EventLog(service);
    service.start({ ...testProfile(sshd), port });
    await events.waitFor(
      (e) => e.type === 'state' && e.state === 'waiting' && (e.attempt ?? 0) >= 4,
      15_000,
    );
    const waits = events.events.flatMap((e) =>
      e.type === 'state' && e.state === 'waiting' ? [e] : [],
    );
    expect(waits.every((e) => e.cause === 'tcp-refused')).toBe(true);
    expect(waits.map((e) => e.attempt)).toEqual([2, 3, 4].slice(0, waits.length));
  });
});
