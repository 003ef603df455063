import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type SshdHandle } from '../helpers/sshd';

describe('real OpenSSH sshd on loopback', () => {
  let sshd: SshdHandle;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('completes the full handshake with ssh2, verifies the host key and runs a command', async () => {
    const seenFingerprints: string[] = [];
    const output = await new Promise<string>((resolve, reject) => {
      const client = new Client();
      client.on('error', reject);
      client.on('ready', () => {
        client.exec('echo tunnelkeeper-smoke', (error, stream) => {
          if (error) return reject(error);
          let out = '';
          stream.on('data', (chunk: Buffer) => (out += chunk.toString()));
          stream.on('close', () => {
            client.end();
            resolve(out);
          });
        });
      });
      client.connect({
        host: sshd.host,
        port: sshd.port,
        username: sshd.user,
        privateKey: readFileSync(sshd.clientKeyPath),
        hostVerifier: (key: Buffer) => {
          const fp = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
          seenFingerprints.push(fp);
          return fp === sshd.hostKeyFingerprint;
        },
        readyTimeout: 10_000,
      });
    });
    expect(output.trim()).toBe('tunnelkeeper-smoke');
    expect(seenFingerprints[0]).toBe(sshd.hostKeyFingerprint);
  });

  it('refuses a client whose host-key check fails (the verifier is really consulted)', async () => {
    const error = await new Promise<Error>((resolve) => {
      const client = new Client();
      client.on('error', resolve);
      client.on('ready', () => {
        client.end();
        resolve(new Error('connected despite a wrong host key'));
      });
      client.connect({
        host: sshd.host,
        port: sshd.port,
        username: sshd.user,
        privateKey: readFileSync(sshd.clientKeyPath),
        hostVerifier: () => false,
      });
    });
    expect(error.message).toMatch(/verification failed/i);
  });
});
