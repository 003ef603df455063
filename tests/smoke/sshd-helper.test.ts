import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSshd, type SshdHandle } from '../helpers/sshd';

function connect(sshd: SshdHandle): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => resolve(client));
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: readFileSync(sshd.clientKeyPath),
      hostVerifier: () => true,
    });
  });
}

describe('the sshd test helper', () => {
  let sshd: SshdHandle;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('kill() takes established sessions down with the listener, like a crashed server', async () => {
    const client = await connect(sshd);
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    client.on('error', () => undefined);
    await sshd.kill();
    await closed; // a session that survived the listener would keep the client open
    await sshd.restart();
    const again = await connect(sshd);
    again.end();
  });
});

describe('a server personality', () => {
  it('overrides the helper defaults (sshd keeps the first value it reads)', async () => {
    const sshd = await startSshd({ extraConfig: ['AllowTcpForwarding no'] });
    try {
      const client = await connect(sshd);
      const error = await new Promise<Error | undefined>((resolve) =>
        client.forwardIn('127.0.0.1', 0, (err) => resolve(err)),
      );
      client.end();
      expect(error?.message).toMatch(/Unable to bind/);
    } finally {
      await sshd.stop();
    }
  });
});
