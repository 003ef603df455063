import { createHash } from 'node:crypto';

/** OpenSSH's default fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The legacy colon-separated MD5 form old PuTTY and provider panels still show. */
export function md5Fingerprint(blob: Buffer): string {
  const hex = createHash('md5').update(blob).digest('hex');
  return `MD5:${hex.match(/../g)!.join(':')}`;
}
