/**
 * Asks a server for its host key without authenticating: the verifier records the key and
 * refuses it, so nothing is sent beyond the key exchange. Used by `hostkeys trust` to show the
 * fingerprint the admin must confirm.
 */
import { Client } from 'ssh2';

export function fetchHostKey(host: string, port: number, timeoutMs = 10_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let key: Buffer | undefined;
    const client = new Client();
    const done = (error?: Error) => {
      client.end();
      if (key) resolve(key);
      else reject(error ?? new Error(`${host}:${port} did not present a host key`));
    };
    client.on('error', (error) => done(error));
    client.on('close', () => done());
    client.connect({
      host,
      port,
      username: 'tunnelkeeper-hostkey-probe',
      readyTimeout: timeoutMs,
      hostVerifier: (presented: Buffer) => {
        key = Buffer.from(presented);
        return false;
      },
    });
  });
}
