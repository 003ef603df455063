/**
 * A tunnel-style ssh2 Client authenticating through the built-in agent object with an encrypted
 * PPK v3 (made by the real puttygen) that was unlocked once, against a real sshd.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../../main/core/auth/agent/keyring';
import { KeyringAgent } from '../../../../main/core/auth/agent/ssh2-agent';
import { sha256Fingerprint } from '../../../../main/core/auth/fingerprint';
import { passFile, tempDir } from '../../../helpers/keytools';
import { requirePeer } from '../../../helpers/peers';
import { startSshd, type SshdHandle } from '../../../helpers/sshd';

const run = promisify(execFile);

/** Authenticates, then (like a tunnel's local forward) opens a channel to the server's own port. */
function connect(sshd: SshdHandle, agent: KeyringAgent): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('ready', () => {
      client.forwardOut('127.0.0.1', 0, '127.0.0.1', sshd.port, (err, channel) => {
        if (err) return reject(err);
        channel.once('data', (chunk: Buffer) => {
          client.end();
          resolve(chunk.toString('latin1'));
        });
      });
    });
    client.on('error', reject);
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      agent,
      readyTimeout: 15_000,
      hostVerifier: (key: Buffer) => sha256Fingerprint(key) === sshd.hostKeyFingerprint,
    });
  });
}

describe('ssh2 Client with the built-in agent', () => {
  let sshd: SshdHandle;
  let dir: string;

  beforeAll(async () => {
    dir = tempDir('tk-agent2-');
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('authenticates with an encrypted PPK v3 unlocked once', async () => {
    const ppk = path.join(dir, 'k.ppk');
    const pass = passFile(dir, 'correct horse');
    await run(requirePeer('puttygen'), [
      '-q',
      '-t',
      'ed25519',
      '-C',
      'ppk3-key',
      '-o',
      ppk,
      '--new-passphrase',
      pass,
    ]);
    const { stdout: pub } = await run(requirePeer('puttygen'), [
      ppk,
      '-L',
      '--old-passphrase',
      pass,
    ]);
    sshd.authorize(pub);

    const keyring = new Keyring();
    await expect(keyring.unlockFile(ppk, 'wrong')).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    const info = await keyring.unlockFile(ppk, 'correct horse');
    expect(info).toMatchObject({
      keyType: 'ssh-ed25519',
      comment: 'ppk3-key',
      locked: false,
      source: ppk,
    });

    const agent = new KeyringAgent(keyring);
    expect(await connect(sshd, agent)).toMatch(/^SSH-2\.0-/); // traffic through the tunnel
    expect(await connect(sshd, agent)).toMatch(/^SSH-2\.0-/); // no passphrase asked again
    expect(sshd.log()).toContain(`Accepted publickey for ${sshd.user}`);
    expect(sshd.log()).toContain(info.fingerprint);

    // Locked (auto-lock or by hand): the key is no longer offered, so the server refuses.
    keyring.lockKeys();
    expect(keyring.list()[0]?.locked).toBe(true);
    await expect(connect(sshd, agent)).rejects.toThrow(/authentication methods failed/);
    keyring.close();
  });

  it('signs with RSA SHA-2 and ECDSA through ssh2 as well', async () => {
    for (const [type, bits] of [
      ['rsa', '2048'],
      ['ecdsa', '521'],
    ] as const) {
      const file = path.join(dir, `id_${type}`);
      await run(requirePeer('ssh-keygen'), ['-q', '-t', type, '-b', bits, '-N', '', '-f', file]);
      const { stdout } = await run(requirePeer('ssh-keygen'), ['-y', '-f', file]);
      sshd.authorize(stdout);
      const only = new Keyring();
      await only.unlockFile(file);
      await connect(sshd, new KeyringAgent(only));
      only.close();
    }
  });
});
