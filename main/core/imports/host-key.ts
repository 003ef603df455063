import { createHash } from 'node:crypto';
import { FINGERPRINT_PATTERN } from '../config/profile';

/**
 * Reads a plink `-hostkey` value: a fingerprint (`SHA256:…`, MD5 hex with or without `MD5:`),
 * optionally preceded by the key type and size as PuTTY prints them
 * (`ssh-ed25519 255 SHA256:…`), or a whole public key, whose SHA-256 fingerprint is computed.
 */
export function parseHostKeyValue(value: string): string | undefined {
  const words = value.trim().split(/\s+/);
  const fingerprint = words.find((w) => FINGERPRINT_PATTERN.test(w));
  if (fingerprint) return fingerprint;
  const blob = words.find((w) => /^AAAA[A-Za-z0-9+/]+={0,2}$/.test(w));
  if (!blob) return undefined;
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length < 20) return undefined;
  return `SHA256:${createHash('sha256').update(bytes).digest('base64').replace(/=+$/, '')}`;
}
