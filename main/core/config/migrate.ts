import { CONFIG_VERSION } from './schema';

/**
 * Migrations from older documents to the current version, one step per version.
 * Version 0 is any unversioned document from before the schema was published: a bare array of
 * profiles or `{profiles}` without `version`, profiles possibly without ids, `username` for
 * `user`, a single `hostkey` string, `keyFile` at profile level, and forwards written as
 * plink/ssh specs ("-R 1055:licsrv:1055", "L8080:web:80", "D1080").
 * Migrations are pure (JSON in, JSON out); the store backs up the original before replacing it.
 */
type Json = Record<string, unknown>;
type Step = (doc: Json) => Json;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return s || 'profile';
}

function unique(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** "[bind:]port:host:hostport" or "[bind:]port" (dynamic), with an L/R/D or -L/-R/-D prefix. */
function forwardFromSpec(spec: string, id: string): Json {
  const match = /^\s*-?([LRD])\s*(.+?)\s*$/i.exec(spec);
  if (!match) throw new MigrationError(`cannot read forward "${spec}"`);
  const type = ({ L: 'local', R: 'remote', D: 'dynamic' } as const)[
    match[1]!.toUpperCase() as 'L' | 'R' | 'D'
  ];
  // Bracketed IPv6 addresses keep their colons.
  const parts = (match[2] ?? '').match(/\[[^\]]*\]|[^:]+/g)?.map((p) => p.replace(/^\[|\]$/g, ''));
  if (!parts) throw new MigrationError(`cannot read forward "${spec}"`);
  const num = (text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isInteger(n)) throw new MigrationError(`bad port in forward "${spec}"`);
    return n;
  };
  if (type === 'dynamic') {
    if (parts.length > 2) throw new MigrationError(`cannot read forward "${spec}"`);
    const [bind, port] = parts.length === 2 ? parts : [undefined, parts[0]];
    return { type, id, ...(bind ? { bindAddress: bind } : {}), bindPort: num(port) };
  }
  if (parts.length !== 3 && parts.length !== 4)
    throw new MigrationError(`cannot read forward "${spec}"`);
  const [bind, port, host, hostPort] = parts.length === 4 ? parts : [undefined, ...parts];
  return {
    type,
    id,
    ...(bind ? { bindAddress: bind } : {}),
    bindPort: num(port),
    targetHost: host,
    targetPort: num(hostPort),
  };
}

function migrateProfileV0(
  raw: unknown,
  index: number,
  taken: Set<string>,
  reserved: Set<unknown>,
): Json {
  if (!isRecord(raw)) throw new MigrationError(`profile ${index} is not an object`);
  const p: Json = { ...raw };
  if (p.user === undefined && typeof p.username === 'string') p.user = p.username;
  delete p.username;
  if (typeof p.name !== 'string' || p.name === '')
    p.name = typeof p.host === 'string' ? p.host : `profile ${index + 1}`;
  if (!(typeof p.id === 'string' && p.id !== '' && reserved.has(p.id))) {
    p.id = unique(slug(String(p.name)), taken);
  }
  if (p.keyFile !== undefined || p.agent !== undefined) {
    const auth: Json = isRecord(p.auth) ? { ...p.auth } : {};
    if (p.keyFile !== undefined) auth.keyFile = p.keyFile;
    if (p.agent !== undefined) auth.agent = p.agent;
    p.auth = auth;
    delete p.keyFile;
    delete p.agent;
  }
  if (p.hostkey !== undefined) {
    const pins = Array.isArray(p.hostkey) ? p.hostkey : [p.hostkey];
    p.hostKey = { ...(isRecord(p.hostKey) ? p.hostKey : {}), pinned: pins };
    delete p.hostkey;
  }
  if (Array.isArray(p.forwards)) {
    const forwardIds = new Set<string>();
    p.forwards = p.forwards.map((f: unknown, i: number) => {
      if (typeof f === 'string') return forwardFromSpec(f, unique(`f${i + 1}`, forwardIds));
      if (!isRecord(f)) throw new MigrationError(`forward ${i} of profile ${index} is invalid`);
      const id = typeof f.id === 'string' && f.id !== '' ? f.id : `f${i + 1}`;
      return { ...f, id: unique(id, forwardIds) };
    });
  }
  return p;
}

const STEPS: Record<number, Step> = {
  0: (doc) => {
    const profiles = doc.profiles;
    if (!Array.isArray(profiles)) throw new MigrationError('"profiles" must be an array');
    // Ids that are already present and unique stay (references to them remain valid); the
    // others are made from the name, avoiding every kept id.
    const counts = new Map<unknown, number>();
    for (const p of profiles) if (isRecord(p)) counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    const reserved = new Set<unknown>(
      [...counts]
        .filter(([id, n]) => typeof id === 'string' && id !== '' && n === 1)
        .map(([id]) => id),
    );
    const taken = new Set<string>([...reserved].map(String));
    return {
      ...doc,
      version: 1,
      profiles: profiles.map((p, i) => migrateProfileV0(p, i, taken, reserved)),
    };
  },
};

export interface MigrationResult {
  document: unknown;
  fromVersion: number;
  migrated: boolean;
}

/** Brings any known version up to CONFIG_VERSION; refuses documents from a newer app. */
export function migrate(input: unknown): MigrationResult {
  let doc: Json;
  if (Array.isArray(input)) doc = { profiles: input };
  else if (isRecord(input)) doc = input;
  else throw new MigrationError('the config must be a JSON object with a "profiles" array');
  const raw = doc.version;
  const fromVersion = raw === undefined ? 0 : raw;
  if (typeof fromVersion !== 'number' || !Number.isInteger(fromVersion) || fromVersion < 0)
    throw new MigrationError(`"version" must be a whole number, not ${JSON.stringify(raw)}`);
  if (fromVersion > CONFIG_VERSION)
    throw new MigrationError(
      `the config is version ${fromVersion}, newer than this Tunnelkeeper understands (${CONFIG_VERSION}); update Tunnelkeeper`,
    );
  let current = doc;
  for (let v = fromVersion; v < CONFIG_VERSION; v++) {
    const step = STEPS[v];
    if (!step) throw new MigrationError(`no migration from version ${v}`);
    current = step(current);
  }
  return { document: current, fromVersion, migrated: fromVersion !== CONFIG_VERSION };
}
