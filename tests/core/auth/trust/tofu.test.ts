/**
 * TOFU against a real sshd through ssh2: unknown → pending confirmation → trusted → the server's
 * key changes → hard stop with the security warning, and it stays stopped.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrustStore } from '../../../../main/core/auth/trust/store';
import { TofuGate, type HostCheck } from '../../../../main/core/auth/trust/tofu';
import { tempDir } from '../../../helpers/keytools';
import { requirePeer } from '../../../helpers/peers';
import { startSshd, type SshdHandle } from '../../../helpers/sshd';

const run = promisify(execFile);

function attempt(sshd: SshdHandle, check: HostCheck): Promise<'ready' | string> {
  return new Promise((resolve) => {
    const client = new Client();
    client.on('ready', () => {
      client.end();
      resolve('ready');
    });
    client.on('error', (e) => {
      client.end();
      resolve(e.message);
    });
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: readFileSync(sshd.clientKeyPath),
      readyTimeout: 15_000,
      hostVerifier: (key: Buffer) => check.verify(key),
    });
  });
}

describe('trust on first use (real sshd)', () => {
  let sshd: SshdHandle;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('tk-tofu-');
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('unknown → pending → trusted → changed → hard stop', async () => {
    const store = new TrustStore(path.join(dir, 'known_hosts'));
    const gate = new TofuGate(store);

    let check = await gate.prepare(sshd.host, sshd.port);
    expect(await attempt(sshd, check)).toMatch(/verification failed/);
    const verdict = check.verdict();
    expect(verdict.kind).toBe('pending');
    if (verdict.kind !== 'pending') throw new Error('no confirmation');
    expect(verdict.confirmation).toMatchObject({
      host: '127.0.0.1',
      port: sshd.port,
      keyType: 'ssh-ed25519',
      fingerprint: sshd.hostKeyFingerprint,
      state: 'pending',
    });
    expect(gate.pendingConfirmations()).toHaveLength(1);

    await verdict.confirmation.confirm('always');
    expect(gate.pendingConfirmations()).toHaveLength(0);
    // The entry is in OpenSSH's format: ssh-keygen finds it.
    const { stdout } = await run(requirePeer('ssh-keygen'), [
      '-F',
      `[127.0.0.1]:${sshd.port}`,
      '-f',
      store.knownHostsFile,
    ]);
    expect(stdout).toContain(sshd.hostPublicKey.split(' ')[1]);

    check = await gate.prepare(sshd.host, sshd.port);
    expect(await attempt(sshd, check)).toBe('ready');
    expect(check.verdict().kind).toBe('trusted');

    // Same host:port, new server keys (reinstalled, or someone in the middle).
    const port = sshd.port;
    const oldFingerprint = sshd.hostKeyFingerprint;
    await sshd.stop();
    sshd = await startSshd({ port });
    check = await gate.prepare(sshd.host, sshd.port);
    expect(await attempt(sshd, check)).toMatch(/verification failed/);
    const changed = check.verdict();
    expect(changed.kind).toBe('changed');
    if (changed.kind !== 'changed') throw new Error('not changed');
    expect(changed.error.code).toBe('hostkey-mismatch');
    expect(changed.error.message).toContain('SECURITY WARNING');
    expect(changed.error.message).toContain(sshd.hostKeyFingerprint);
    expect(changed.error.message).toContain(oldFingerprint);
    expect(changed.error.message).toMatch(/ssh-keygen -lf \/etc\/ssh\/ssh_host_ed25519_key\.pub/);
    expect(changed.error.message).toContain('hostkeys forget');
    // No confirmation is offered for a changed key, and it stays stopped.
    expect(gate.pendingConfirmations()).toHaveLength(0);
    check = await gate.prepare(sshd.host, sshd.port);
    expect(await attempt(sshd, check)).toMatch(/verification failed/);
    expect(check.verdict().kind).toBe('changed');

    // After out-of-band verification: forget, unblock, confirm the new key.
    expect(await store.forget(sshd.host, sshd.port)).toBe(1);
    gate.unblock(sshd.host, sshd.port);
    check = await gate.prepare(sshd.host, sshd.port);
    expect(await attempt(sshd, check)).toMatch(/verification failed/);
    expect(check.verdict().kind).toBe('pending');
  });
});
