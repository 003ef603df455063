/**
 * Per-profile algorithm choices for servers that only speak old algorithms (an appliance that
 * offers only aes256-cbc, a gateway stuck on diffie-hellman-group14-sha1), in OpenSSH's own
 * syntax so that what works in `ssh -o Ciphers=+aes256-cbc` can be pasted as is:
 *   "a,b"   exactly these, in this order      "+a,b"  the defaults, then these
 *   "-a,b"  the defaults without these        "^a,b"  these first, then the other defaults
 *
 * The names are ssh2's (the tunnel engine). They are listed here rather than read from ssh2
 * because this module is shared with the window's form, which cannot load ssh2; a test keeps the
 * lists equal to ssh2's own.
 */
export const ALGORITHM_CATEGORIES = ['kex', 'cipher', 'hmac', 'serverHostKey'] as const;
export type AlgorithmCategory = (typeof ALGORITHM_CATEGORIES)[number];
export type AlgorithmSpec = Partial<Record<AlgorithmCategory, string>>;

interface CategoryTable {
  /** The OpenSSH option of the same meaning (ssh -o, ssh_config). */
  option: string;
  defaults: readonly string[];
  /** Everything ssh2 can speak: the defaults plus the legacy ones it only uses when asked. */
  supported: readonly string[];
}

function category(option: string, defaults: string[], legacy: string[]): CategoryTable {
  return { option, defaults, supported: [...defaults, ...legacy] };
}

export const ALGORITHM_TABLE: Record<AlgorithmCategory, CategoryTable> = {
  kex: category(
    'KexAlgorithms',
    [
      'curve25519-sha256@libssh.org',
      'curve25519-sha256',
      'ecdh-sha2-nistp256',
      'ecdh-sha2-nistp384',
      'ecdh-sha2-nistp521',
      'diffie-hellman-group-exchange-sha256',
      'diffie-hellman-group14-sha256',
      'diffie-hellman-group15-sha512',
      'diffie-hellman-group16-sha512',
      'diffie-hellman-group17-sha512',
      'diffie-hellman-group18-sha512',
    ],
    [
      'diffie-hellman-group-exchange-sha1',
      'diffie-hellman-group14-sha1',
      'diffie-hellman-group1-sha1',
    ],
  ),
  cipher: category(
    'Ciphers',
    [
      'aes128-gcm@openssh.com',
      'aes256-gcm@openssh.com',
      'aes128-ctr',
      'aes192-ctr',
      'chacha20-poly1305@openssh.com',
      'aes256-ctr',
    ],
    ['aes256-cbc', 'aes192-cbc', 'aes128-cbc', '3des-cbc', 'aes128-gcm', 'aes256-gcm'],
  ),
  hmac: category(
    'MACs',
    [
      'hmac-sha2-256-etm@openssh.com',
      'hmac-sha2-512-etm@openssh.com',
      'hmac-sha1-etm@openssh.com',
      'hmac-sha2-256',
      'hmac-sha2-512',
      'hmac-sha1',
    ],
    [
      'hmac-md5',
      'hmac-sha2-256-96',
      'hmac-sha2-512-96',
      'hmac-ripemd160',
      'hmac-sha1-96',
      'hmac-md5-96',
    ],
  ),
  serverHostKey: category(
    'HostKeyAlgorithms',
    [
      'ssh-ed25519',
      'ecdsa-sha2-nistp256',
      'ecdsa-sha2-nistp384',
      'ecdsa-sha2-nistp521',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ],
    ['ssh-dss'],
  ),
};

export type ResolvedList = { ok: true; list: string[] } | { ok: false; message: string };

/** OpenSSH's `-` lists may use wildcards (`-*-cbc`); the others name algorithms exactly. */
function matches(pattern: string, name: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === name;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}

/** The list ssh2 should offer for one category, or why the spec cannot be used. */
export function resolveAlgorithmList(category: AlgorithmCategory, spec: string): ResolvedList {
  const table = ALGORITHM_TABLE[category];
  const text = spec.trim();
  const op = /^[+\-^]/.test(text) ? text.charAt(0) : '';
  const names = text
    .slice(op.length)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    return { ok: false, message: `${table.option}: no algorithm named in "${spec}"` };
  if (op !== '-') {
    const unknown = names.filter((n) => !table.supported.includes(n));
    if (unknown.length)
      return {
        ok: false,
        message: `${table.option}: ${unknown.map((n) => `"${n}"`).join(', ')} not supported; Tunnelkeeper speaks ${table.supported.join(', ')}`,
      };
  }
  const defaults = [...table.defaults];
  let list: string[];
  if (op === '+') list = [...defaults, ...names.filter((n) => !defaults.includes(n))];
  else if (op === '^') list = [...names, ...defaults.filter((n) => !names.includes(n))];
  else if (op === '-') list = defaults.filter((d) => !names.some((p) => matches(p, d)));
  else list = [...new Set(names)];
  if (list.length === 0)
    return { ok: false, message: `${table.option}: "${spec}" leaves no algorithm to offer` };
  return { ok: true, list };
}

/** Every category's final list (only those the spec names); throws on an unusable spec. */
export function resolveAlgorithms(
  spec: AlgorithmSpec | undefined,
): Partial<Record<AlgorithmCategory, string[]>> {
  const out: Partial<Record<AlgorithmCategory, string[]>> = {};
  for (const category of ALGORITHM_CATEGORIES) {
    const text = spec?.[category];
    if (text === undefined) continue;
    const r = resolveAlgorithmList(category, text);
    if (!r.ok) throw new Error(r.message);
    out[category] = r.list;
  }
  return out;
}

/** Every name the engine speaks, per category (what the window's form checks names against). */
export function supportedAlgorithms(): Record<AlgorithmCategory, string[]> {
  return Object.fromEntries(
    ALGORITHM_CATEGORIES.map((c) => [c, [...ALGORITHM_TABLE[c].supported]]),
  ) as Record<AlgorithmCategory, string[]>;
}

/** Which category an OpenSSH option name (any case) sets, e.g. "ciphers" → cipher. */
export function categoryOfOption(option: string): AlgorithmCategory | undefined {
  const lower = option.toLowerCase();
  return ALGORITHM_CATEGORIES.find((c) => ALGORITHM_TABLE[c].option.toLowerCase() === lower);
}
