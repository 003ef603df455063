import { createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A known_hosts file in OpenSSH format (plain, comma lists, `[host]:port`, hashed `|1|` names,
 * `@revoked`; `@cert-authority` lines are skipped), so the user can share it with OpenSSH.
 */
export interface KnownHostEntry {
  keyType: string;
  blob: Buffer;
  revoked: boolean;
}

/** How OpenSSH names a host in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function matchesName(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    const re = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    if (re.test(name.toLowerCase())) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

export function parseKnownHosts(text: string, host: string, port: number): KnownHostEntry[] {
  const name = hostPattern(host, port);
  const out: KnownHostEntry[] = [];
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    let fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      if (fields[0] === '@revoked') revoked = true;
      else continue; // @cert-authority: certificates are not supported here
      fields = fields.slice(1);
    }
    const [names, keyType, data] = fields;
    if (!names || !keyType || !data) continue;
    if (!matchesName(names, name)) continue;
    out.push({ keyType, blob: Buffer.from(data, 'base64'), revoked });
  }
  return out;
}

export async function readKnownHosts(
  file: string,
  host: string,
  port: number,
): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await fs.readFile(file, 'utf8'), host, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Appends a plain (unhashed) entry, creating the file (mode 0600) and its folder if needed. */
export async function appendKnownHost(
  file: string,
  host: string,
  port: number,
  keyType: string,
  blob: Buffer,
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  let prefix = '';
  try {
    const current = await fs.readFile(file, 'utf8');
    if (current.length && !current.endsWith('\n')) prefix = '\n';
  } catch {
    // new file
  }
  await fs.appendFile(
    file,
    `${prefix}${hostPattern(host, port)} ${keyType} ${blob.toString('base64')}\n`,
    { mode: 0o600 },
  );
}
