import { Server, utils, type AuthContext, type Connection } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../../../main/core/auth/fingerprint';
import type { TunnelService } from '../../../main/core/service';
import { testHostKey } from '../../helpers/host-key';
import { startSshd, type SshdHandle } from '../../helpers/sshd';
import { EventLog, testProfile, testService } from '../../helpers/tunnels';

const parse = (text: string) => {
  const parsed = utils.parseKey(text);
  if (parsed instanceof Error) throw parsed;
  return Array.isArray(parsed) ? parsed[0]! : parsed;
};

/**
 * OpenSSH cannot swap its host key inside a session, so the interceptor is an in-process ssh2
 * server: it proves the first key, then signs a key re-exchange with another one — what a
 * machine in the middle that took over a live connection would present.
 */
describe('a host key that changes in a key re-exchange', () => {
  let service: TunnelService | undefined;
  let events: EventLog | undefined;
  let server: Server | undefined;
  let sshd: SshdHandle | undefined;
  afterEach(async () => {
    await service?.stopAll();
    events?.unsubscribe();
    server?.close();
    await sshd?.stop();
  });

  it('→ failed with hostkey-mismatch naming the new key, never retried', async () => {
    sshd = await startSshd(); // only for testProfile's user and key file
    const firstText = await testHostKey();
    const [first, second] = [parse(firstText), parse(await testHostKey())];
    let connection: Connection | undefined;
    server = new Server({ hostKeys: [firstText] }, (client) => {
      connection = client;
      client.on('authentication', (ctx: AuthContext) => ctx.accept());
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    service = testService();
    events = new EventLog(service);
    const firstFp = sha256Fingerprint(first.getPublicSSH());
    service.start({ ...testProfile(sshd, { hostKey: { pinned: [firstFp] } }), port });
    await events.state('p1', 'connected');

    // ssh2 keeps the server's keys in one table per connection's protocol: sign the next
    // exchange with another key, then ask for that exchange.
    const mark = events.events.length;
    const table = (connection as unknown as { _protocol: { _hostKeys: Record<string, unknown> } })
      ._protocol._hostKeys;
    table['ssh-ed25519'] = second;
    connection!.rekey();
    const failed = await events.state('p1', 'failed', 10_000, mark);
    expect(failed).toMatchObject({ cause: 'hostkey-mismatch' });
    const detail = (failed as { detail: string }).detail;
    expect(detail).toContain(sha256Fingerprint(second.getPublicSSH()));
    expect(detail).toMatch(/key re-exchange/);
    // Never retried: nothing after `failed` in the next 3 s.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const states = events.states('p1');
    expect(states.slice(states.indexOf('failed:hostkey-mismatch'))).toEqual([
      'failed:hostkey-mismatch',
    ]);
  });
});
