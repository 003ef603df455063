/** Imports into the trust store: an OpenSSH known_hosts file or a PuTTY SshHostKeys .reg export. */
import { readFile } from 'node:fs/promises';
import { sha256Fingerprint } from '../fingerprint';
import { parseKnownHostsLines } from './known-hosts-file';
import { decodeRegText, isRegFile, parsePuttyReg } from './putty-reg';
import type { TrustStore } from './store';

export interface ImportReport {
  format: 'known_hosts' | 'putty-reg';
  added: number;
  found: number;
  keys: { host: string | null; keyType: string; fingerprint: string }[];
  skipped: { name: string; reason: string }[];
}

export async function importHostKeys(store: TrustStore, file: string): Promise<ImportReport> {
  const data = await readFile(file);
  const text = decodeRegText(data);
  if (isRegFile(text)) {
    const reg = parsePuttyReg(text);
    let added = 0;
    for (const k of reg.keys) if (await store.trust(k.host, k.port, k.blob)) added++;
    return {
      format: 'putty-reg',
      added,
      found: reg.keys.length,
      keys: reg.keys.map((k) => ({
        host: k.port === 22 ? k.host : `[${k.host}]:${k.port}`,
        keyType: k.keyType,
        fingerprint: sha256Fingerprint(k.blob),
      })),
      skipped: reg.skipped,
    };
  }
  const lines = parseKnownHostsLines(text);
  const entries = lines.filter((l) => l.entry);
  const skipped = lines
    .filter((l) => !l.entry && l.raw.trim() && !l.raw.trim().startsWith('#'))
    .map((l) => ({ name: l.raw.slice(0, 60), reason: 'not a known_hosts line' }));
  const added = await store.addLines(entries);
  return {
    format: 'known_hosts',
    added,
    found: entries.length,
    keys: entries.map((l) => ({
      host: l.entry!.hashed ? null : l.entry!.names,
      keyType: l.entry!.keyType,
      fingerprint: sha256Fingerprint(l.entry!.blob),
    })),
    skipped,
  };
}
