import { splitHostPort } from './forward-spec';
import { parseHostKeyValue } from './host-key';
import { decodeSessionName, parseRegFile, type RegSection } from './reg-file';
import {
  ImportError,
  newDraft,
  warn,
  type Draft,
  type ForwardDraft,
  type ImportWarning,
  type ProxyDraft,
} from './types';
import { applyProxyCommand } from './ssh-keywords';

/**
 * PuTTY saved sessions (HKCU\Software\SimonTatham\PuTTY\Sessions\<name>) → drafts.
 * Field names and encodings follow PuTTY's settings.c: numbers are DWORDs, port forwards and
 * manual host keys are comma-separated maps with backslash escapes.
 */
const SESSION_PATH = /\\Software\\SimonTatham\\PuTTY\\Sessions\\([^\\]+)$/i;
/** PuTTY's ProxyMethod numbers (settings.c); 6-8 are the "SSH proxy" kinds of 0.77+. */
const PROXY_TYPES: Record<number, ProxyDraft['type'] | string> = {
  1: 'socks4a',
  2: 'socks5',
  3: 'http',
  4: 'Telnet',
  5: 'local command',
  6: 'jump',
  7: 'SSH "execute a command"',
  8: 'SSH "invoke a subsystem"',
};

/** Splits PuTTY's `key=value,key=value` map, honouring `\,` `\=` `\\`. */
export function splitPuttyMap(text: string): { key: string; value: string | undefined }[] {
  const out: { key: string; value: string | undefined }[] = [];
  let key = '';
  let value: string | undefined;
  const push = () => {
    if (key !== '' || value !== undefined) out.push({ key, value });
    key = '';
    value = undefined;
  };
  for (let i = 0; i < text.length; i++) {
    let c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) c = text[++i] as string;
    else if (c === ',') {
      push();
      continue;
    } else if (c === '=' && value === undefined) {
      value = '';
      continue;
    }
    if (value === undefined) key += c;
    else value += c;
  }
  push();
  return out;
}

function parsePuttyForward(
  key: string,
  value: string | undefined,
  acceptAll: { local: boolean; remote: boolean },
): ForwardDraft | string {
  const m = /^([46]?)([LRD])(.+)$/.exec(key);
  if (!m) return `"${key}" is not a forward`;
  const family = m[1];
  const type = m[2] === 'R' ? 'remote' : m[2] === 'D' || value === 'D' ? 'dynamic' : 'local';
  const src = m[3] as string;
  const bracketed = /^\[([^\]]*)\]:([0-9]+)$/.exec(src);
  const colon = src.lastIndexOf(':');
  const bindAddress = bracketed ? bracketed[1] : colon >= 0 ? src.slice(0, colon) : undefined;
  const portText = bracketed ? (bracketed[2] as string) : src.slice(colon + 1);
  const bindPort = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(bindPort >= 0 && bindPort <= 65535)) return `"${key}": the port is not a number`;
  const all = type === 'remote' ? acceptAll.remote : acceptAll.local;
  const forward: ForwardDraft = { type, bindPort };
  if (bindAddress !== undefined) forward.bindAddress = bindAddress;
  else if (all) forward.bindAddress = family === '6' ? '::' : '*';
  else if (family === '6') forward.bindAddress = '::1';
  if (type === 'dynamic') return forward;
  const target = splitHostPort(value ?? '');
  if (!target) return `"${key}=${value ?? ''}": the destination is not host:port`;
  return { ...forward, targetHost: target.host, targetPort: target.port };
}

function num(values: RegSection['values'], name: string): number | undefined {
  const v = values.get(name);
  return typeof v === 'number' ? v : undefined;
}
function str(values: RegSection['values'], name: string): string {
  const v = values.get(name);
  return typeof v === 'string' ? v : '';
}

function sessionDraft(section: RegSection, name: string): Draft | string | undefined {
  const v = section.values;
  const draft = newDraft(section.line);
  draft.name = name;
  const protocol = str(v, 'Protocol') || 'ssh';
  if (protocol.toLowerCase() !== 'ssh') return `session "${name}" uses ${protocol}, not SSH`;
  const hostName = str(v, 'HostName').trim();
  if (!hostName)
    return name === 'Default Settings' ? undefined : `session "${name}" has no host name`;
  const at = hostName.lastIndexOf('@');
  draft.host = at >= 0 ? hostName.slice(at + 1) : hostName;
  const user = str(v, 'UserName') || (at >= 0 ? hostName.slice(0, at) : '');
  if (user) draft.user = user;
  const port = num(v, 'PortNumber');
  if (port && port <= 65535) draft.port = port;
  const keyFile = str(v, 'PublicKeyFile');
  if (keyFile) draft.keyFile = keyFile;
  if (num(v, 'TryAgent') === 0) draft.agent = false;
  const pingSecs = num(v, 'PingIntervalSecs') ?? (num(v, 'PingInterval') ?? 0) * 60;
  if (pingSecs > 0) draft.intervalSeconds = Math.min(pingSecs, 3600);
  const acceptAll = {
    local: num(v, 'LocalPortAcceptAll') === 1,
    remote: num(v, 'RemotePortAcceptAll') === 1,
  };
  for (const { key, value } of splitPuttyMap(str(v, 'PortForwardings'))) {
    const forward = parsePuttyForward(key, value, acceptAll);
    if (typeof forward === 'string')
      warn(draft, 'malformed-option', `PortForwardings ${forward}; it was skipped`);
    else draft.forwards.push(forward);
  }
  for (const { key } of splitPuttyMap(str(v, 'SSHManualHostKeys'))) {
    const pin = parseHostKeyValue(key);
    if (pin) draft.pinned.push(pin);
    else
      warn(
        draft,
        'malformed-option',
        `SSHManualHostKeys entry "${key}" is not a fingerprint; it was skipped`,
      );
  }
  applyPuttyProxy(draft, v);
  const remoteCommand = str(v, 'RemoteCommand');
  if (remoteCommand)
    warn(
      draft,
      'remote-command-ignored',
      `the remote command "${remoteCommand}" is not run: a tunnel profile only keeps the connection and its forwards`,
    );
  return draft;
}

/**
 * Connection → Proxy. HTTP/SOCKS become the profile's proxy and "SSH to proxy and use port
 * forwarding" a jump host; PuTTY's SOCKS 4 resolves names at the proxy when asked, which is 4a.
 * The stored ProxyPassword is never imported nor echoed: it belongs in the secret store.
 */
function applyPuttyProxy(draft: Draft, v: RegSection['values']): void {
  const method = num(v, 'ProxyMethod') ?? 0;
  if (method === 0) return;
  const kind = PROXY_TYPES[method] ?? `proxy type ${method}`;
  const host = str(v, 'ProxyHost').trim();
  const port = num(v, 'ProxyPort');
  const user = str(v, 'ProxyUsername');
  const hasPassword = str(v, 'ProxyPassword') !== '';
  const where = `${user ? `${user}@` : ''}${host}:${port ?? ''}`;
  if (kind === 'local command') {
    // %host/%port are PuTTY's tokens for the destination, %proxyhost etc. for the proxy fields.
    const command = str(v, 'ProxyTelnetCommand')
      .replace(/%proxyhost/g, host)
      .replace(/%proxyport/g, String(port ?? ''))
      .replace(/%user/g, user);
    applyProxyCommand(draft, command, 'the local proxy command', 'cmd');
    return;
  }
  if (!host || !port || port > 65535) {
    warn(draft, 'malformed-option', `the ${kind} proxy has no host or port; it was not applied`);
    return;
  }
  if (kind === 'jump') {
    draft.jumps = [{ host, ...(port !== 22 ? { port } : {}), ...(user ? { user } : {}) }];
  } else if (kind === 'http' || kind === 'socks5' || kind === 'socks4a') {
    draft.proxy = { type: kind, host, port, ...(user ? { user } : {}) };
  } else {
    warn(
      draft,
      'proxy-not-applied',
      `the session uses a ${kind} proxy (${where}), which Tunnelkeeper does not offer; the profile connects directly to ${draft.host}`,
    );
    return;
  }
  if (hasPassword)
    warn(
      draft,
      'password-not-imported',
      `the proxy password stored in the session was not imported: keep it in the system secret store from the app (the profile refers to it by name)`,
    );
}

export function readPuttyReg(text: string): { drafts: Draft[]; warnings: ImportWarning[] } {
  const sessions = parseRegFile(text).filter((s) => SESSION_PATH.test(s.path));
  if (sessions.length === 0)
    throw new ImportError(
      'the registry export holds no PuTTY sessions (HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\…)',
      'no-sessions',
    );
  const drafts: Draft[] = [];
  const warnings: ImportWarning[] = [];
  for (const section of sessions) {
    const name = decodeSessionName(SESSION_PATH.exec(section.path)?.[1] ?? '');
    const result = sessionDraft(section, name);
    if (typeof result === 'string')
      warnings.push({
        code: 'skipped-session',
        message: `${result}; it was skipped`,
        line: section.line,
      });
    else if (result) drafts.push(result);
  }
  resolveSessionJumps(drafts);
  return { drafts, warnings };
}

/**
 * PuTTY 0.77+ lets an SSH proxy's host name be a saved session: then that session's host, port,
 * user and key are the jump host's (as PuTTY does when it connects).
 */
function resolveSessionJumps(drafts: Draft[]): void {
  const byName = new Map(drafts.map((d) => [d.name, d]));
  for (const draft of drafts) {
    const hop = draft.jumps?.[0];
    const session = hop ? byName.get(hop.host) : undefined;
    if (!hop || !session?.host || session === draft) continue;
    draft.jumps = [
      {
        host: session.host,
        // The session's own port: ProxyPort keeps PuTTY's default (80) in that case.
        ...(session.port ? { port: session.port } : {}),
        ...((hop.user ?? session.user) ? { user: hop.user ?? session.user } : {}),
        ...(session.keyFile ? { keyFile: session.keyFile } : {}),
      },
    ];
  }
}
