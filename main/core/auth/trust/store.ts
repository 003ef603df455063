/**
 * The host-key trust store: an OpenSSH known_hosts file (Tunnelkeeper's own by default, so it
 * can be shared with OpenSSH as is) plus pins — fingerprints that alone decide for a host, kept
 * in a small JSON file beside it (known_hosts cannot hold a fingerprint without the key).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Fingerprint } from '../fingerprint';
import { hostPattern } from '../known-hosts';
import { defaultDataDir } from '../../logging/paths';
import { writeFileAtomic } from '../../fs/write-atomic';
import { decideTrust, type TrustLookup } from './decide';
export type { TrustLookup, TrustStatus } from './decide';
import {
  formatKnownHost,
  hashHostName,
  lineMatches,
  readKnownHostsLines,
  type KnownHostLine,
} from './known-hosts-file';

/** Always user-only (which hosts one reaches is private), and the folder may not exist yet. */
const STORE_WRITE = { mode: 0o600, mkdir: true } as const;

export interface TrustListing {
  host: string | null;
  hashed: boolean;
  marker?: string;
  keyType: string;
  fingerprint: string;
  line: number;
}

export function defaultKnownHostsFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultDataDir(env), 'known_hosts');
}

type Pins = Record<string, string[]>;

export class TrustStore {
  readonly pinsFile: string;

  constructor(
    readonly knownHostsFile: string = defaultKnownHostsFile(),
    pinsFile?: string,
    private readonly options: { hash?: boolean } = {},
  ) {
    this.pinsFile = pinsFile ?? path.join(path.dirname(knownHostsFile), 'host-key-pins.json');
  }

  lines(): Promise<KnownHostLine[]> {
    return readKnownHostsLines(this.knownHostsFile);
  }

  async pins(): Promise<Pins> {
    try {
      return JSON.parse(await readFile(this.pinsFile, 'utf8')) as Pins;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  }

  async pinsFor(host: string, port: number): Promise<string[]> {
    return (await this.pins())[hostPattern(host, port)] ?? [];
  }

  /** What the store says about this key for host:port (see decide.ts). */
  async lookup(host: string, port: number, blob: Buffer): Promise<TrustLookup> {
    return decideTrust(
      { lines: await this.lines(), pins: await this.pinsFor(host, port) },
      host,
      port,
      blob,
    );
  }

  /** Adds a key for host:port (no duplicate). Hashed when the store was created with `hash`. */
  async trust(
    host: string,
    port: number,
    blob: Buffer,
    options: { hash?: boolean } = {},
  ): Promise<boolean> {
    const lines = await this.lines();
    if (
      lines.some(
        (l) => lineMatches(l, host, port) && !l.entry!.marker && l.entry!.blob.equals(blob),
      )
    )
      return false;
    const line = formatKnownHost(host, port, blob, { hash: options.hash ?? this.options.hash });
    await this.save([...lines, { raw: line }]);
    return true;
  }

  /** Appends lines from another file (import), skipping keys already present for the same names. */
  async addLines(incoming: KnownHostLine[]): Promise<number> {
    const lines = await this.lines();
    const seen = new Set(
      lines
        .filter((l) => l.entry)
        .map(
          (l) => `${l.entry!.marker ?? ''} ${l.entry!.names} ${l.entry!.blob.toString('base64')}`,
        ),
    );
    const added = incoming.filter((l) => {
      if (!l.entry) return false;
      const id = `${l.entry.marker ?? ''} ${l.entry.names} ${l.entry.blob.toString('base64')}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (added.length) await this.save([...lines, ...added.map((l) => ({ raw: l.raw.trim() }))]);
    return added.length;
  }

  /**
   * Forgets every key for host:port (and its pins). In a plain comma list only that name goes;
   * a hashed line names one host, so it goes whole. Returns how many keys stopped applying.
   */
  async forget(host: string, port: number): Promise<number> {
    const name = hostPattern(host, port);
    let removed = 0;
    const kept: KnownHostLine[] = [];
    for (const line of await this.lines()) {
      if (!lineMatches(line, host, port) || line.entry!.marker) {
        kept.push(line);
        continue;
      }
      removed++;
      const e = line.entry!;
      const others = e.hashed
        ? []
        : e.names.split(',').filter((n) => n.toLowerCase() !== name.toLowerCase());
      if (others.length && others.length < e.names.split(',').length)
        kept.push({
          raw: [others.join(','), e.keyType, e.blob.toString('base64'), e.comment]
            .filter(Boolean)
            .join(' '),
        });
    }
    if (removed) await this.save(kept);
    const pins = await this.pins();
    if (pins[name]) {
      removed += pins[name].length;
      delete pins[name];
      await writeFileAtomic(this.pinsFile, `${JSON.stringify(pins, null, 2)}\n`, STORE_WRITE);
    }
    return removed;
  }

  async pin(host: string, port: number, fingerprint: string): Promise<void> {
    const pins = await this.pins();
    const name = hostPattern(host, port);
    const list = pins[name] ?? [];
    if (!list.includes(fingerprint)) list.push(fingerprint);
    pins[name] = list;
    await writeFileAtomic(this.pinsFile, `${JSON.stringify(pins, null, 2)}\n`, STORE_WRITE);
  }

  async list(filter?: { host: string; port: number }): Promise<TrustListing[]> {
    const out: TrustListing[] = [];
    (await this.lines()).forEach((l, i) => {
      if (!l.entry) return;
      if (filter && !lineMatches(l, filter.host, filter.port)) return;
      out.push({
        host: l.entry.hashed ? null : l.entry.names,
        hashed: l.entry.hashed,
        marker: l.entry.marker,
        keyType: l.entry.keyType,
        fingerprint: sha256Fingerprint(l.entry.blob),
        line: i + 1,
      });
    });
    return out;
  }

  private async save(lines: KnownHostLine[]): Promise<void> {
    await writeFileAtomic(
      this.knownHostsFile,
      lines.map((l) => l.raw).join('\n') + (lines.length ? '\n' : ''),
      STORE_WRITE,
    );
  }
}

export { hashHostName };
