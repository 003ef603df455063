import { createHash } from 'node:crypto';

/** OpenSSH's form: `SHA256:` + unpadded base64 of sha256(public key blob). */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The legacy colon-hex MD5 form, still what older plink scripts pass to -hostkey. */
export function md5Fingerprint(blob: Buffer): string {
  return createHash('md5').update(blob).digest('hex').match(/../g)!.join(':');
}

/** True when a pinned fingerprint (either form, `=` padding or `MD5:` prefix optional) matches. */
export function fingerprintMatches(pin: string, blob: Buffer): boolean {
  const p = pin.trim();
  if (/^SHA256:/i.test(p)) return p.replace(/=+$/, '') === sha256Fingerprint(blob);
  return p.replace(/^MD5:/i, '').toLowerCase() === md5Fingerprint(blob);
}

/** The key type name inside an SSH public key blob (first SSH string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.toString('latin1', 4, 4 + Math.min(len, 64));
}
