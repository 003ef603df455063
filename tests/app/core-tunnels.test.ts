import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromCoreSnapshot, stoppedSnapshot } from '../../main/app/core-snapshot';
import { adaptCoreTunnels } from '../../main/app/core-tunnels';
import type { TunnelServiceEvent } from '../../main/app/ports';
import { ProfileSchema, type Profile } from '../../main/core/config/profile';
import { TunnelService } from '../../main/core/service';
import { TunnelSnapshotSchema } from '../../contract';
import { freePort } from '../helpers/ports';

/** A profile aimed at a port on 127.0.0.1 where nothing listens: it connects, fails, waits. */
async function unreachableProfile(id = 'lic'): Promise<Profile> {
  return ProfileSchema.parse({
    id,
    name: 'License proxy',
    host: '127.0.0.1',
    port: await freePort(),
    user: 'rescale',
    reconnect: { minDelaySeconds: 0.05, maxDelaySeconds: 0.2 },
    forwards: [
      { type: 'remote', id: 'ansys', bindPort: 1055, targetHost: 'licsrv', targetPort: 1055 },
    ],
  });
}

let services: TunnelService[] = [];
afterEach(async () => {
  await Promise.all(services.map((s) => s.stopAll()));
  services = [];
});

function setup(profiles: Profile[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-core-'));
  const core = new TunnelService({
    runtimeDir: dir,
    logDir: path.join(dir, 'logs'),
    emitLogEvents: true,
  });
  services.push(core);
  let configured = profiles;
  const tunnels = adaptCoreTunnels(core, () => configured);
  const events: TunnelServiceEvent[] = [];
  tunnels.on((e) => events.push(e));
  return { core, tunnels, events, setProfiles: (p: Profile[]) => (configured = p), dir };
}

describe('the real core service behind the shell’s port', () => {
  it('lists a configured profile that is not running as stopped, with its forwards', async () => {
    const profile = await unreachableProfile();
    const { tunnels } = setup([profile]);
    const [tunnel] = tunnels.list();
    expect(TunnelSnapshotSchema.parse(tunnel)).toMatchObject({
      id: 'lic',
      state: 'stopped',
      forwards: [{ listen: 'localhost:1055', target: 'licsrv:1055', state: 'pending' }],
    });
  });

  it('reports each state change with the state it left, then stops', async () => {
    const { tunnels, events } = setup([await unreachableProfile()]);
    await tunnels.start('lic');
    await vi.waitFor(() => expect(tunnels.list()[0]?.state).toBe('waiting'), { timeout: 5000 });
    const [tunnel] = tunnels.list();
    expect(tunnel?.cause).toBe('tcp-refused');
    expect(TunnelSnapshotSchema.safeParse(tunnel).success).toBe(true);
    const transitions = events.flatMap((e) =>
      e.type === 'tunnel' && e.previous !== e.tunnel.state ? [[e.previous, e.tunnel.state]] : [],
    );
    expect(transitions[0]).toEqual(['stopped', 'connecting']);
    expect(transitions).toContainEqual(['connecting', 'waiting']);
    await tunnels.stop('lic');
    expect(tunnels.list()[0]?.state).toBe('stopped');
    expect(events.at(-1)).toMatchObject({ type: 'tunnel', tunnel: { state: 'stopped' } });
  });

  it('keeps the tunnel log for the window, newest last', async () => {
    const { tunnels } = setup([await unreachableProfile()]);
    await tunnels.start('lic');
    await vi.waitFor(() => expect(tunnels.tail('lic', 500).length).toBeGreaterThan(0), {
      timeout: 5000,
    });
    const lines = tunnels.tail('lic', 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ tunnelId: 'lic', level: expect.any(String) });
  });

  it('says already-running when another Tunnelkeeper holds the profile', async () => {
    const profile = await unreachableProfile();
    const first = setup([profile]);
    await first.tunnels.start('lic');
    // A second service on the same runtime folder stands in for the CLI in another process.
    const cli = new TunnelService({ runtimeDir: first.dir });
    services.push(cli);
    expect(() => cli.start(profile)).toThrow(expect.objectContaining({ name: 'LockHeldError' }));
  });

  it('answers not-found for a profile that is not configured', async () => {
    const { tunnels } = setup([]);
    await expect(tunnels.start('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('stops a running tunnel whose profile was deleted, and restarts an edited one', async () => {
    const profile = await unreachableProfile();
    const { tunnels, setProfiles, core } = setup([profile]);
    await tunnels.start('lic');
    const edited = { ...profile, name: 'Renamed' };
    setProfiles([edited]);
    await tunnels.reload({ version: 1, profiles: [edited] });
    expect(core.get('lic')?.name).toBe('Renamed');
    setProfiles([]);
    await tunnels.reload({ version: 1, profiles: [] });
    expect(core.get('lic')).toBeUndefined();
  });
});

describe('snapshot mapping', () => {
  it('sums bytes over forwards and keeps the retry time only while waiting', () => {
    const counters = (sent: number, received: number) => ({
      active: 1,
      total: 3,
      failed: 1,
      bytesSent: sent,
      bytesReceived: received,
      lastActivity: null,
    });
    const view = fromCoreSnapshot({
      profile: 'lic',
      name: 'License proxy',
      state: 'waiting',
      cause: 'keepalive-timeout',
      detail: 'Keepalive timeout',
      attempt: 3,
      retryAt: '2026-11-23T12:00:05.000Z',
      since: '2026-11-23T12:00:00.000Z',
      forwards: [
        {
          id: 'a',
          type: 'remote',
          status: 'closed',
          bindAddress: '127.0.0.1',
          bindPort: 1055,
          target: 'licsrv:1055',
          counters: counters(10, 20),
        },
        {
          id: 'b',
          type: 'dynamic',
          status: 'failed',
          cause: 'local-port-in-use',
          bindAddress: '127.0.0.1',
          bindPort: 1080,
          counters: counters(1, 2),
        },
      ],
    });
    expect(view).toMatchObject({
      cause: 'keepalive-timeout',
      nextRetryAt: Date.parse('2026-11-23T12:00:05.000Z'),
      counters: { reconnects: 2, bytesOut: 11, bytesIn: 22 },
      forwards: [
        { state: 'pending', target: 'licsrv:1055' },
        { state: 'failed', target: null, cause: 'local-port-in-use' },
      ],
    });
    expect(TunnelSnapshotSchema.parse(view)).toEqual(view);
  });

  it('shows a dynamic forward of a stopped profile without a target', () => {
    const profile = ProfileSchema.parse({
      id: 'socks',
      name: 'SOCKS',
      host: 'h',
      user: 'u',
      forwards: [{ type: 'dynamic', id: 'd', bindPort: 1080 }],
    });
    expect(stoppedSnapshot(profile).forwards).toMatchObject([
      { listen: '127.0.0.1:1080', target: null },
    ]);
  });
});
