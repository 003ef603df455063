/**
 * OpenSSH's host-key decision over a snapshot of the store, synchronously (ssh2's verifier
 * cannot wait): a revoked key is refused; a key we hold is trusted; another key *of a type we
 * hold* for this host is a change; a key of a type never seen is unknown. Pins alone decide.
 */
import { fingerprintMatches, keyTypeOf, sha256Fingerprint } from '../fingerprint';
import { lineMatches, type KnownHostLine } from './known-hosts-file';

export type TrustStatus = 'trusted' | 'unknown' | 'changed' | 'revoked';

export interface TrustLookup {
  status: TrustStatus;
  /** Keys already trusted for this host (what a changed key is compared with). */
  known: { keyType: string; fingerprint: string }[];
  /** Set when pins decided. */
  pinned: boolean;
}

export interface TrustSnapshot {
  lines: KnownHostLine[];
  pins: string[];
}

export function decideTrust(
  snap: TrustSnapshot,
  host: string,
  port: number,
  blob: Buffer,
): TrustLookup {
  if (snap.pins.length) {
    const ok = snap.pins.some((p) => fingerprintMatches(p, blob));
    return {
      status: ok ? 'trusted' : 'changed',
      known: snap.pins.map((p) => ({ keyType: 'pinned', fingerprint: p })),
      pinned: true,
    };
  }
  const entries = snap.lines.filter((l) => lineMatches(l, host, port)).map((l) => l.entry!);
  const live = entries.filter((e) => e.marker !== '@revoked');
  const known = live.map((e) => ({ keyType: e.keyType, fingerprint: sha256Fingerprint(e.blob) }));
  if (entries.some((e) => e.marker === '@revoked' && e.blob.equals(blob)))
    return { status: 'revoked', known, pinned: false };
  if (live.some((e) => e.blob.equals(blob))) return { status: 'trusted', known, pinned: false };
  const changed = live.some((e) => e.keyType === keyTypeOf(blob));
  return { status: changed ? 'changed' : 'unknown', known, pinned: false };
}
