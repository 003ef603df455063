/** Fingerprints as the host-key code uses them; the forms themselves live in the key toolkit. */
import { md5Fingerprint, sha256Fingerprint } from '../keys/fingerprint';

export { md5Fingerprint, sha256Fingerprint };

/**
 * True when a pinned fingerprint matches: `SHA256:…` (`=` padding optional), or MD5 hex with or
 * without the `MD5:` prefix and in either case (plink's `-hostkey` passes the bare form).
 */
export function fingerprintMatches(pin: string, blob: Buffer): boolean {
  const p = pin.trim();
  if (/^SHA256:/i.test(p)) return p.replace(/=+$/, '') === sha256Fingerprint(blob);
  return `MD5:${p.replace(/^MD5:/i, '').toLowerCase()}` === md5Fingerprint(blob);
}

/** The key type name inside an SSH public key blob (first SSH string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.toString('latin1', 4, 4 + Math.min(len, 64));
}
