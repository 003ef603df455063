import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { coreDiagnostics } from '../../main/app/core-diagnostics';
import { adaptCoreTunnels } from '../../main/app/core-tunnels';
import { createHostKeyPrompts } from '../../main/app/host-key-prompts';
import type { HostKeyPrompt } from '../../contract';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import { testProfile, testService } from '../helpers/tunnels';
import { memoryConfig } from './fakes';

/** The shell's ports over the real core, against a real OpenSSH server on 127.0.0.1. */
describe('a real tunnel behind the shell', () => {
  let sshd: SshdHandle;
  const services: ReturnType<typeof testService>[] = [];
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stopAll()));
    await sshd?.stop();
  });

  function setup(profile: ReturnType<typeof testProfile>) {
    const core = testService();
    services.push(core);
    const config = memoryConfig({ profiles: [profile] });
    const tunnels = adaptCoreTunnels(core, () => config.read().profiles);
    config.onChange((document) => void tunnels.reload(document));
    return { config, tunnels, core };
  }

  const emptyKnownHosts = () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tk-kh-')), 'known_hosts');
    writeFileSync(file, '');
    return file;
  };

  it('connects, shows its forward listening, and stops', async () => {
    const { tunnels } = setup(
      testProfile(sshd, {
        id: 'lic',
        forwards: [
          { type: 'local', id: 'web', bindPort: 0, targetHost: '127.0.0.1', targetPort: 9 },
        ],
      }),
    );
    await tunnels.start('lic');
    await vi.waitFor(() => expect(tunnels.list()[0]?.state).toBe('connected'), { timeout: 10_000 });
    await vi.waitFor(() => expect(tunnels.list()[0]?.forwards[0]?.state).toBe('active'));
    expect(tunnels.list()[0]?.forwards[0]?.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
    await tunnels.stop('lic');
    expect(tunnels.list()[0]?.state).toBe('stopped');
  });

  it('asks about a server key it does not know, and connects once the user trusts it', async () => {
    const knownHosts = emptyKnownHosts();
    const { config, tunnels } = setup(
      testProfile(sshd, {
        id: 'lic',
        hostKey: { pinned: [], knownHostsFile: knownHosts, policy: 'strict' },
      }),
    );
    const prompts: HostKeyPrompt[] = [];
    const hostKeys = createHostKeyPrompts({
      config,
      tunnels,
      diagnostics: coreDiagnostics(() => config.read().profiles),
      ask: (prompt) => prompts.push(prompt),
    });
    await tunnels.start('lic');
    await vi.waitFor(() => expect(tunnels.list()[0]?.state).toBe('failed'), { timeout: 10_000 });
    expect(tunnels.list()[0]?.cause).toBe('hostkey-unknown');

    await hostKeys.onFailed(tunnels.list()[0]!);
    expect(prompts).toEqual([
      expect.objectContaining({ tunnelId: 'lic', fingerprint: sshd.hostKeyFingerprint }),
    ]);
    await hostKeys.answer('lic', 'always');
    expect(config.read().profiles[0]?.hostKey.pinned).toEqual([sshd.hostKeyFingerprint]);
    await vi.waitFor(() => expect(tunnels.list()[0]?.state).toBe('connected'), { timeout: 10_000 });
    await tunnels.stop('lic');
  });

  it('with policy ask, trusts the key the engine held back for this run only on “once”', async () => {
    const knownHosts = emptyKnownHosts();
    const { config, tunnels, core } = setup(
      testProfile(sshd, {
        id: 'lic',
        hostKey: { pinned: [], knownHostsFile: knownHosts, policy: 'ask' },
      }),
    );
    const prompts: HostKeyPrompt[] = [];
    const hostKeys = createHostKeyPrompts({
      config,
      tunnels,
      // Never used here: the engine already knows the key it refused.
      diagnostics: { ...coreDiagnostics(() => []), presentedHostKey: async () => null },
      confirmations: {
        pendingFor: (host, port) =>
          core.pendingHostKeys().find((p) => p.host === host && p.port === port),
      },
      ask: (prompt) => prompts.push(prompt),
    });
    await tunnels.start('lic');
    await vi.waitFor(() => expect(tunnels.list()[0]?.state).toBe('failed'), { timeout: 10_000 });
    await hostKeys.onFailed(tunnels.list()[0]!);
    expect(prompts).toEqual([
      expect.objectContaining({ tunnelId: 'lic', fingerprint: sshd.hostKeyFingerprint }),
    ]);
    await hostKeys.answer('lic', 'once');
    await vi.waitFor(() => expect(tunnels.list()[0]?.state).toBe('connected'), { timeout: 10_000 });
    expect(readFileSync(knownHosts, 'utf8')).toBe('');
    expect(config.read().profiles[0]?.hostKey.pinned).toEqual([]);
    await tunnels.stop('lic');
  });
});
