import type { Profile, ProfileInput } from '../../../contract';

/** The form keeps text as typed; numbers are parsed (and checked) only on save. */
export interface ForwardRow {
  id: string;
  type: 'local' | 'remote' | 'dynamic';
  bindAddress: string;
  bindPort: string;
  targetHost: string;
  targetPort: string;
  label: string;
}

export type AuthMethod = 'key' | 'agent' | 'password';

/** Main's algorithm categories (main/core/config/algorithms.ts), which the window cannot import. */
export const ALGORITHM_FIELDS = ['kex', 'cipher', 'hmac', 'serverHostKey'] as const;
export type AlgorithmField = (typeof ALGORITHM_FIELDS)[number];

export interface ProfileForm {
  id: string;
  name: string;
  host: string;
  port: string;
  user: string;
  auth: AuthMethod;
  keyFile: string;
  /** A new password to store; empty keeps the stored one. Never comes back from main. */
  password: string;
  hostKeyPolicy: 'strict' | 'ask' | 'accept-new';
  pinned: string;
  keepaliveInterval: string;
  keepaliveCount: string;
  autostart: boolean;
  forwards: ForwardRow[];
  /** OpenSSH-style lists for old servers; empty leaves the category at ssh2's defaults. */
  algorithms: Record<AlgorithmField, string>;
}

/** Field → translation key of what is wrong with it. */
export type FormErrors = Record<string, string>;

export function emptyForm(): ProfileForm {
  return {
    id: '',
    name: '',
    host: '',
    port: '22',
    user: '',
    auth: 'key',
    keyFile: '',
    password: '',
    hostKeyPolicy: 'strict',
    pinned: '',
    keepaliveInterval: '5',
    keepaliveCount: '3',
    autostart: false,
    forwards: [],
    algorithms: { kex: '', cipher: '', hmac: '', serverHostKey: '' },
  };
}

export function newForward(index: number): ForwardRow {
  return {
    id: `f${index + 1}`,
    type: 'remote',
    bindAddress: '',
    bindPort: '',
    targetHost: '',
    targetPort: '',
    label: '',
  };
}

export function formFromProfile(profile: Profile): ProfileForm {
  const auth: AuthMethod = profile.auth.passwordRef
    ? 'password'
    : profile.auth.keyFile
      ? 'key'
      : profile.auth.agent
        ? 'agent'
        : 'key';
  return {
    id: profile.id,
    name: profile.name,
    host: profile.host,
    port: String(profile.port),
    user: profile.user,
    auth,
    keyFile: profile.auth.keyFile ?? '',
    password: '',
    hostKeyPolicy: profile.hostKey.policy,
    pinned: profile.hostKey.pinned.join('\n'),
    keepaliveInterval: String(profile.keepalive.intervalSeconds),
    keepaliveCount: String(profile.keepalive.countMax),
    autostart: profile.autostart,
    forwards: profile.forwards.map((f) => ({
      id: f.id,
      type: f.type,
      // Blank means the default: loopback here for -L/-D, the server's own for -R.
      bindAddress:
        f.type !== 'remote' && f.bindAddress === '127.0.0.1' ? '' : (f.bindAddress ?? ''),
      bindPort: String(f.bindPort),
      targetHost: f.type === 'dynamic' ? '' : f.targetHost,
      targetPort: f.type === 'dynamic' ? '' : String(f.targetPort),
      label: f.label ?? '',
    })),
    algorithms: {
      kex: profile.algorithms?.kex ?? '',
      cipher: profile.algorithms?.cipher ?? '',
      hmac: profile.algorithms?.hmac ?? '',
      serverHostKey: profile.algorithms?.serverHostKey ?? '',
    },
  };
}

const HOST =
  /^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]+:[0-9a-fA-F:.]*|[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?)$/;
const USER = /^[^\s@:]+$/;
const FINGERPRINT = /^(SHA256:[A-Za-z0-9+/]{43}=?|(MD5:)?[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){15})$/;
/** Only the shape: whether ssh2 knows the names is main's call (the table lives there). */
const ALGORITHM_LIST = /^[+\-^]?[A-Za-z0-9@._*?-]+(,\s*[A-Za-z0-9@._*?-]+)*$/;

/** OpenSSH matches wildcards only when removing ("-*-cbc"); elsewhere they name nothing. */
function algorithmListOk(text: string): boolean {
  return ALGORITHM_LIST.test(text) && (text.startsWith('-') || !/[*?]/.test(text));
}

/** What the engine speaks per category, as main reports it (AppInfo.algorithms). */
export type KnownAlgorithms = Record<AlgorithmField, readonly string[]>;

/** Names to add or put first must be ones the engine speaks; "-" lists may name anything. */
function algorithmNamesKnown(known: readonly string[], text: string): boolean {
  if (text.startsWith('-')) return true;
  return text
    .replace(/^[+^]/, '')
    .split(',')
    .every((name) => known.includes(name.trim()));
}

/** The non-empty lists, trimmed; undefined when none is set. */
function algorithmsOf(form: ProfileForm): Partial<Record<AlgorithmField, string>> | undefined {
  const set = ALGORITHM_FIELDS.filter((c) => form.algorithms[c].trim());
  if (set.length === 0) return undefined;
  return Object.fromEntries(set.map((c) => [c, form.algorithms[c].trim()]));
}

function intIn(text: string, min: number, max: number): boolean {
  return /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max;
}

export function pinnedList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Errors shown at each field; the same rules main's schema applies, said in the user's words. */
export function validateForm(
  form: ProfileForm,
  hasStoredPassword = false,
  /** Not known yet (app info still loading): names are left to main's check on save. */
  knownAlgorithms?: KnownAlgorithms,
): FormErrors {
  const errors: FormErrors = {};
  if (!form.name.trim()) errors.name = 'validation.required';
  if (!form.host.trim()) errors.host = 'validation.required';
  else if (!HOST.test(form.host.trim())) errors.host = 'validation.host';
  if (!intIn(form.port, 1, 65535)) errors.port = 'validation.port';
  if (!form.user.trim()) errors.user = 'validation.required';
  else if (!USER.test(form.user.trim())) errors.user = 'validation.user';
  if (form.auth === 'key' && !form.keyFile.trim()) errors.keyFile = 'validation.keyFile';
  else if (form.auth === 'key' && !/^([A-Za-z]:[\\/]|\\\\|\/|~)/.test(form.keyFile.trim()))
    errors.keyFile = 'validation.absolutePath';
  if (form.auth === 'password' && !form.password && !hasStoredPassword)
    errors.password = 'validation.password';
  if (pinnedList(form.pinned).some((f) => !FINGERPRINT.test(f)))
    errors.pinned = 'validation.fingerprint';
  if (!/^\d+(\.\d+)?$/.test(form.keepaliveInterval.trim()) || Number(form.keepaliveInterval) < 1)
    errors.keepaliveInterval = 'validation.keepaliveInterval';
  if (!intIn(form.keepaliveCount, 1, 100)) errors.keepaliveCount = 'validation.keepaliveCount';
  for (const c of ALGORITHM_FIELDS) {
    const text = form.algorithms[c].trim();
    if (text && !algorithmListOk(text)) errors[`algorithms.${c}`] = 'validation.algorithms';
    else if (text && knownAlgorithms && !algorithmNamesKnown(knownAlgorithms[c], text))
      errors[`algorithms.${c}`] = 'validation.algorithmUnknown';
  }
  const ids = new Set<string>();
  form.forwards.forEach((f, i) => {
    if (!intIn(f.bindPort, f.type === 'remote' ? 0 : 1, 65535))
      errors[`forwards.${i}.bindPort`] = 'validation.port';
    if (f.type !== 'dynamic') {
      if (!f.targetHost.trim() || !HOST.test(f.targetHost.trim()))
        errors[`forwards.${i}.targetHost`] = 'validation.host';
      if (!intIn(f.targetPort, 1, 65535)) errors[`forwards.${i}.targetPort`] = 'validation.port';
    }
    if (ids.has(f.id)) errors[`forwards.${i}.bindPort`] = 'validation.duplicateForward';
    ids.add(f.id);
  });
  return errors;
}

/** A readable unique id from the name: `license-proxy`, `license-proxy-2`. */
export function idFromName(name: string, taken: readonly string[]): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'tunnel';
  let id = base;
  for (let n = 2; taken.includes(id); n += 1) id = `${base}-${n}`;
  return id;
}

/** The form back to a profile; fields the form does not show are kept from the original. */
export function profileFromForm(
  form: ProfileForm,
  original: Profile | undefined,
  taken: readonly string[],
): ProfileInput {
  const id = original?.id ?? idFromName(form.name, taken);
  // Emptying every list must drop the key, not keep the original's through the spread below.
  const { algorithms: _dropped, ...kept } = original ?? {};
  const algorithms = algorithmsOf(form);
  return {
    ...kept,
    ...(algorithms ? { algorithms } : {}),
    id,
    name: form.name.trim(),
    host: form.host.trim(),
    port: Number(form.port),
    user: form.user.trim(),
    auth: {
      ...(original?.auth.passphraseFile ? { passphraseFile: original.auth.passphraseFile } : {}),
      agent: form.auth === 'agent',
      ...(form.auth === 'key' ? { keyFile: form.keyFile.trim() } : {}),
      ...(form.auth === 'password' ? { passwordRef: `profile.${id}` } : {}),
    },
    hostKey: {
      ...(original?.hostKey.knownHostsFile
        ? { knownHostsFile: original.hostKey.knownHostsFile }
        : {}),
      policy: form.hostKeyPolicy,
      pinned: pinnedList(form.pinned),
    },
    keepalive: {
      intervalSeconds: Number(form.keepaliveInterval),
      countMax: Number(form.keepaliveCount),
    },
    autostart: form.autostart,
    forwards: form.forwards.map((f) => {
      const bind = f.bindAddress.trim() || (f.type === 'remote' ? undefined : '127.0.0.1');
      const common = {
        id: f.id,
        ...(bind !== undefined ? { bindAddress: bind } : {}),
        bindPort: Number(f.bindPort),
        ...(f.label.trim() ? { label: f.label.trim() } : {}),
      };
      return f.type === 'dynamic'
        ? { type: 'dynamic' as const, ...common }
        : {
            type: f.type,
            ...common,
            targetHost: f.targetHost.trim(),
            targetPort: Number(f.targetPort),
          };
    }),
  };
}
