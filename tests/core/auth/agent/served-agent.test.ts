/**
 * The built-in agent against real OpenSSH: `ssh-add` lists/adds/removes through our socket and
 * `ssh` logs in to a real sshd with ed25519, RSA (SHA-2 only: OpenSSH ≥ 8.8 refuses SHA-1) and
 * ECDSA signatures made by our agent.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../../main/core/auth/agent/keyring';
import { serveAgent, type ServedAgent } from '../../../../main/core/auth/agent/server';
import { tempDir } from '../../../helpers/keytools';
import { requirePeer } from '../../../helpers/peers';
import { startSshd, type SshdHandle } from '../../../helpers/sshd';

const run = promisify(execFile);
const TYPES = [
  ['ed25519', []],
  ['rsa', ['-b', '2048']],
  ['ecdsa', ['-b', '256']],
  ['ecdsa', ['-b', '384']],
] as const;

describe('served agent (real ssh-add, ssh and sshd)', () => {
  let sshd: SshdHandle;
  let dir: string;
  let keyring: Keyring;
  let served: ServedAgent;
  let knownHosts: string;
  const keys: { name: string; file: string; pub: string; fingerprint: string }[] = [];

  async function fingerprint(file: string): Promise<string> {
    const { stdout } = await run(requirePeer('ssh-keygen'), ['-l', '-E', 'sha256', '-f', file]);
    return stdout.split(/\s+/)[1]!;
  }

  beforeAll(async () => {
    dir = tempDir('tk-agent-');
    sshd = await startSshd();
    knownHosts = path.join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    for (const [type, extra] of TYPES) {
      const file = path.join(dir, `id_${type}${extra[1] ?? ''}`);
      await run(requirePeer('ssh-keygen'), [
        '-q',
        '-t',
        type,
        ...extra,
        '-N',
        'pw',
        '-C',
        path.basename(file),
        '-f',
        file,
      ]);
      const pub = `${file}.pub`;
      sshd.authorize(readFileSync(pub, 'utf8'));
      keys.push({ name: path.basename(file), file, pub, fingerprint: await fingerprint(pub) });
    }
    keyring = new Keyring();
    for (const key of keys) await keyring.unlockFile(key.file, 'pw');
    served = await serveAgent(keyring, path.join(dir, 'sock', 'agent.sock'));
  });

  afterAll(async () => {
    await served?.close();
    keyring?.close();
    await sshd?.stop();
  });

  const env = () => ({ ...process.env, SSH_AUTH_SOCK: served.socket });

  it('listens on a user-only socket in a user-only folder', () => {
    expect(statSync(served.socket).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(served.socket)).mode & 0o777).toBe(0o700);
  });

  it('ssh-add -l lists the same fingerprints', async () => {
    const { stdout } = await run(requirePeer('ssh-add'), ['-l', '-E', 'sha256'], { env: env() });
    for (const key of keys) expect(stdout).toContain(key.fingerprint);
    expect(stdout.trim().split('\n')).toHaveLength(keys.length);
  });

  async function login(pub: string, extra: string[] = []): Promise<void> {
    await run(
      requirePeer('ssh'),
      [
        '-F',
        '/dev/null',
        '-o',
        `IdentityAgent=${served.socket}`,
        '-o',
        `IdentityFile=${pub}`,
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        'BatchMode=yes',
        '-o',
        'PasswordAuthentication=no',
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        '-o',
        'StrictHostKeyChecking=yes',
        ...extra,
        '-p',
        String(sshd.port),
        `${sshd.user}@127.0.0.1`,
        'true',
      ],
      { timeout: 20_000 },
    );
  }

  it.each(TYPES.map((_, i) => i))('ssh logs in with key #%i signed by our agent', async (i) => {
    const key = keys[i]!;
    await login(key.pub);
    expect(sshd.log()).toMatch(
      new RegExp(`Accepted publickey .*${key.fingerprint.replace(/[+/]/g, '\\$&')}`),
    );
  });

  it('RSA honours both SHA-2 flags (rsa-sha2-256 and rsa-sha2-512)', async () => {
    const rsa = keys.find((k) => k.name.startsWith('id_rsa'))!;
    await login(rsa.pub, ['-o', 'PubkeyAcceptedAlgorithms=rsa-sha2-256']);
    await login(rsa.pub, ['-o', 'PubkeyAcceptedAlgorithms=rsa-sha2-512']);
    expect(sshd.log()).toMatch(/Accepted publickey for \S+ .* RSA SHA256/);
  });

  it('ssh without IdentitiesOnly picks a key from the agent', async () => {
    await run(
      requirePeer('ssh'),
      [
        '-F',
        '/dev/null',
        '-o',
        `IdentityAgent=${served.socket}`,
        '-o',
        'IdentitiesOnly=no',
        '-o',
        'BatchMode=yes',
        '-o',
        `UserKnownHostsFile=${knownHosts}`,
        '-p',
        String(sshd.port),
        `${sshd.user}@127.0.0.1`,
        'true',
      ],
      { timeout: 20_000 },
    );
  });

  it('ssh-add adds, deletes and deletes all through our socket', async () => {
    const file = path.join(dir, 'added');
    await run(requirePeer('ssh-keygen'), [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'added-by-ssh-add',
      '-f',
      file,
    ]);
    const fp = await fingerprint(`${file}.pub`);
    await run(requirePeer('ssh-add'), [file], { env: env() });
    expect(keyring.list().map((k) => k.fingerprint)).toContain(fp);
    expect(keyring.list().find((k) => k.fingerprint === fp)?.comment).toBe('added-by-ssh-add');
    await run(requirePeer('ssh-add'), ['-d', `${file}.pub`], { env: env() });
    expect(keyring.list().map((k) => k.fingerprint)).not.toContain(fp);
    // ssh-add -t: a lifetime constraint is honoured, not dropped
    await run(requirePeer('ssh-add'), ['-t', '600', file], { env: env() });
    expect(keyring.list().find((k) => k.fingerprint === fp)?.expiresAt).toBeTruthy();
    keyring.remove(fp);
  });

  it('ssh-add -x/-X lock and unlock the agent', async () => {
    const pw = path.join(dir, 'askpass.sh');
    writeFileSync(pw, '#!/bin/sh\necho lockpw\n', { mode: 0o700 });
    const lockEnv = { ...env(), SSH_ASKPASS: pw, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' };
    await run(requirePeer('ssh-add'), ['-x'], { env: lockEnv });
    expect(keyring.isLocked).toBe(true);
    await expect(run(requirePeer('ssh-add'), ['-l'], { env: env() })).rejects.toThrow();
    await run(requirePeer('ssh-add'), ['-X'], { env: lockEnv });
    expect(keyring.isLocked).toBe(false);
  });
});
