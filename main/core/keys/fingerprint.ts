import { createHash } from 'node:crypto';

/** OpenSSH's default fingerprint: `SHA256:` + unpadded base64 of the blob's SHA-256. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The legacy MD5 fingerprint in OpenSSH's form (`ssh-keygen -l -E md5`): `MD5:aa:bb:…`. PuTTY,
 * plink `-hostkey` and provider panels show the same hex without the prefix; comparisons accept
 * both (auth/fingerprint.ts `fingerprintMatches`).
 */
export function md5Fingerprint(blob: Buffer): string {
  const hex = createHash('md5').update(blob).digest('hex');
  return `MD5:${hex.match(/../g)!.join(':')}`;
}
