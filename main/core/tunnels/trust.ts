/**
 * The host-key check of one hop or of the final session, per the profile's policy. strict and
 * accept-new use the known_hosts check as before; `ask` goes through the service's TofuGate, so
 * an unknown key leaves a confirmation for the user (the attempt fails with hostkey-unknown and
 * is not retried) and a changed key blocks the host. Pins always decide alone.
 */
import { sha256Fingerprint } from '../auth/fingerprint';
import { prepareHostKeyCheck, type HostKeyCheck } from '../auth/host-key';
import { lineMatches } from '../auth/trust/known-hosts-file';
import { defaultKnownHostsFile } from '../auth/trust/store';
import type { TofuGate } from '../auth/trust/tofu';
import type { Profile } from '../config/profile';

export interface EngineHostCheck extends HostKeyCheck {
  /** Why a refused key was refused, in words the user can act on (TOFU only). */
  explain?(): string | undefined;
}

export interface TrustDeps {
  /** Used when the profile (or hop) names no known_hosts file of its own. */
  knownHostsFile?: string;
  /** The gate for a known_hosts file (one per file, owned by the service). */
  tofu?: (knownHostsFile: string) => TofuGate;
}

export async function prepareTrust(
  host: string,
  port: number,
  hostKey: Profile['hostKey'],
  deps: TrustDeps,
): Promise<EngineHostCheck> {
  const knownHostsFile = hostKey.knownHostsFile ?? deps.knownHostsFile;
  if (hostKey.policy !== 'ask' || hostKey.pinned.length > 0 || !deps.tofu)
    return prepareHostKeyCheck(host, port, {
      pinned: hostKey.pinned,
      knownHostsFile,
      // Without a gate nobody could confirm: ask degrades to strict, never to accepting.
      policy: hostKey.policy === 'ask' ? 'strict' : hostKey.policy,
    });
  const gate = deps.tofu(knownHostsFile ?? defaultKnownHostsFile());
  const check = await gate.prepare(host, port);
  const lines = await gate.store.lines();
  const knownTypes = [
    ...new Set(
      lines
        .filter((l) => l.entry?.marker !== '@revoked' && lineMatches(l, host, port))
        .map((l) => l.entry!.keyType),
    ),
  ];
  let presented: Buffer | undefined;
  return {
    verify: (key) => {
      presented = key;
      return check.verify(key);
    },
    verdict: () => {
      const v = check.verdict();
      if (v.kind === 'none') return 'pending';
      if (v.kind === 'trusted') return 'ok';
      return v.kind === 'changed' ? 'mismatch' : 'unknown';
    },
    presented: () => (presented ? sha256Fingerprint(presented) : undefined),
    knownTypes,
    // The gate records keys when the user confirms them, never on its own.
    commit: async () => undefined,
    explain: () => {
      const v = check.verdict();
      if (v.kind === 'changed') return v.error.message;
      if (v.kind === 'rejected') return 'this host key was rejected by the user';
      if (v.kind === 'pending')
        return `waiting for the user to confirm ${v.confirmation.fingerprint} (${v.confirmation.keyType}), then start the tunnel again`;
      return undefined;
    },
  };
}
