import type { AgentKeyInfo } from '../core/auth/agent/keyring';
import type { Profile } from '../core/config/profile';
import type { PendingHostKey as EnginePending } from '../core/engine/protocol';
import type { EngineApi } from './engine-reattach';
import { adaptEngineTunnels } from './engine-tunnels';
import type { HostKeyConfirmations, TunnelService } from './ports';

/**
 * The shell's ports that live in the engine when the app is its client: the tunnels, the
 * built-in agent's keys (a key unlocked in the window signs for the engine's tunnels; the
 * passphrase crosses once) and the host keys waiting for the user.
 */
export interface EngineKeyring {
  unlockFile(file: string, passphrase?: string): Promise<unknown>;
  list(): AgentKeyInfo[];
  remove(fingerprint: string): unknown;
}

export interface EngineServices {
  tunnels: TunnelService;
  keyring: EngineKeyring;
  hostKeyConfirmations: HostKeyConfirmations;
}

/**
 * `secrets`: the app's stored passwords the config refers to (profiles, jump hosts, proxies).
 * The OS store only opens for the app, so they are handed to the engine (memory only) at attach.
 */
export interface AppSecrets {
  refs: () => string[];
  get: (ref: string) => Promise<string | undefined>;
}

/** Hands the app's stored passwords to the engine (again after the engine was restarted). */
export async function provideSecrets(
  client: Pick<EngineApi, 'provideSecret'>,
  secrets: AppSecrets,
): Promise<void> {
  for (const ref of new Set(secrets.refs())) {
    const value = await secrets.get(ref).catch(() => undefined);
    if (value) await client.provideSecret(ref, value);
  }
}

export async function engineServices(
  client: EngineApi,
  secrets: AppSecrets = { refs: () => [], get: async () => undefined },
): Promise<EngineServices> {
  await provideSecrets(client, secrets);
  const subscribed = await client.subscribe({ logs: { backlog: 200 } });
  const tunnels = adaptEngineTunnels(client, subscribed);
  let keys = await client.listKeys();
  let pending: EnginePending[] = await client.pendingHostKeys();
  const refreshPending = () =>
    void client.pendingHostKeys().then(
      (list) => (pending = list),
      () => undefined,
    );
  // A tunnel that stops on an unknown host key has just left a confirmation in the engine.
  tunnels.on((event) => {
    if (event.type === 'tunnel' && event.tunnel.cause === 'hostkey-unknown') refreshPending();
  });
  const answer = async (id: string, decision: 'once' | 'always' | 'reject') => {
    pending = await client.answerHostKey({ id, decision });
  };
  return {
    tunnels,
    keyring: {
      async unlockFile(file, passphrase) {
        const info = await client.unlockKey({ keyFile: file, passphrase });
        keys = await client.listKeys();
        return info;
      },
      list: () => keys,
      remove(fingerprint) {
        keys = keys.filter((k) => k.fingerprint !== fingerprint);
        return client.removeKey(fingerprint);
      },
    },
    hostKeyConfirmations: {
      pendingFor(host, port) {
        const found = pending.find(
          (p) => p.host === host && p.port === port && p.state === 'pending',
        );
        if (!found) return undefined;
        return {
          keyType: found.keyType,
          fingerprint: found.fingerprint,
          confirm: (mode) => answer(found.id, mode),
          reject: () => void answer(found.id, 'reject').catch(() => undefined),
        };
      },
    },
  };
}

/** Every stored-secret reference a config uses: passwords of profiles, jump hosts and proxies. */
export function secretRefs(profiles: readonly Profile[]): string[] {
  const refs = profiles.flatMap((p) => [
    ...[p, ...(p.jumps ?? [])].flatMap((h) => h.auth.passwordRef ?? []),
    ...(p.proxy?.passwordRef ? [p.proxy.passwordRef] : []),
  ]);
  // env: refs are read by the engine from its own environment.
  return refs.filter((ref) => !ref.startsWith('env:'));
}
