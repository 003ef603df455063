import { fingerprintMatches, keyTypeOf, sha256Fingerprint } from './fingerprint';
import { appendKnownHost, readKnownHosts, type KnownHostEntry } from './known-hosts';

/**
 * Host-key trust for one connection attempt. The known_hosts file is read *before* connecting,
 * because ssh2's hostVerifier must answer synchronously with a boolean (a returned Promise would
 * accept every host). Pins (plink -hostkey) take precedence over the file.
 */
export interface HostKeyTrust {
  pinned: readonly string[];
  knownHostsFile?: string;
  /** `ask` behaves as strict here: only the engine's TofuGate (tunnels/trust.ts) can ask. */
  policy: 'strict' | 'accept-new' | 'ask';
}

export interface HostKeyCheck {
  /** For ssh2's `hostVerifier`: synchronous, boolean. Runs again on every rekey. */
  verify: (key: Buffer) => boolean;
  verdict(): 'ok' | 'mismatch' | 'unknown' | 'pending';
  /** The key the server presented, as a fingerprint (for messages). */
  presented(): string | undefined;
  /** Key types we already trust, to ask the server for those first. */
  knownTypes: string[];
  /** After authentication succeeded: records a newly accepted key (accept-new). */
  commit(): Promise<void>;
}

export async function prepareHostKeyCheck(
  host: string,
  port: number,
  trust: HostKeyTrust,
): Promise<HostKeyCheck> {
  const entries: KnownHostEntry[] =
    trust.pinned.length === 0 && trust.knownHostsFile
      ? await readKnownHosts(trust.knownHostsFile, host, port)
      : [];
  let verdict: 'ok' | 'mismatch' | 'unknown' | 'pending' = 'pending';
  let presented: Buffer | undefined;
  let toRecord: Buffer | undefined;
  const firstKey = { blob: undefined as Buffer | undefined };

  const decide = (key: Buffer): 'ok' | 'mismatch' | 'unknown' => {
    // A rekey must present the same key as the first exchange.
    if (firstKey.blob && !firstKey.blob.equals(key)) return 'mismatch';
    if (trust.pinned.length)
      return trust.pinned.some((p) => fingerprintMatches(p, key)) ? 'ok' : 'mismatch';
    if (entries.some((e) => e.revoked && e.blob.equals(key))) return 'mismatch';
    const live = entries.filter((e) => !e.revoked);
    if (live.some((e) => e.blob.equals(key))) return 'ok';
    // A different key of a type we know for this host is a change; another type is just unknown
    // (OpenSSH behaves the same way).
    if (live.some((e) => e.keyType === keyTypeOf(key))) return 'mismatch';
    if (trust.policy === 'accept-new' && live.length === 0 && trust.knownHostsFile) {
      toRecord = key;
      return 'ok';
    }
    return 'unknown';
  };

  return {
    verify: (key: Buffer) => {
      presented = key;
      verdict = decide(key);
      if (verdict === 'ok') firstKey.blob ??= key;
      return verdict === 'ok';
    },
    verdict: () => verdict,
    presented: () => (presented ? sha256Fingerprint(presented) : undefined),
    knownTypes: [...new Set(entries.filter((e) => !e.revoked).map((e) => e.keyType))],
    commit: async () => {
      if (!toRecord || !trust.knownHostsFile) return;
      const key = toRecord;
      toRecord = undefined;
      await appendKnownHost(trust.knownHostsFile, host, port, keyTypeOf(key), key);
    },
  };
}
