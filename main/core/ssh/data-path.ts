import type { Client } from 'ssh2';
import { poolPadding } from './padding';

/**
 * What Tunnelkeeper changes in ssh2's send path, installed once the TCP connection is up
 * (`SshConnection`: the final session and every jump hop alike). Measured with
 * `scripts/bench/clients-ab.ts`; the numbers are in docs/benchmarks.md.
 */
export function tuneDataPath(client: Client): void {
  // Each key exchange makes a new outbound cipher: pool its padding. ssh2 emits `handshake`
  // right after switching ciphers, before it sends anything with the new keys.
  client.on('handshake', () => poolPadding(client));
}
