import { tokenize, type ShellDialect } from './tokenize';
import type { JumpDraft, ProxyDraft } from './types';

/**
 * The ways the tools write "go through something first": ssh's `-J`/ProxyJump list
 * (`[user@]host[:port]`, comma-separated, `ssh://` URIs, IPv6 in brackets), and the proxy
 * commands that only wrap a jump host or an HTTP/SOCKS proxy (`ssh -W %h:%p bastion`,
 * `plink bastion -nc %host:%port`, OpenBSD `nc -X connect -x proxy:3128 %h %p`).
 */
export type JumpListResult = { ok: true; jumps: JumpDraft[] } | { ok: false; reason: string };

function parsePort(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** `[user@]host[:port]`, `[user@][v6]:port`, `ssh://[user@]host[:port]`. */
export function parseJumpSpec(raw: string): JumpDraft | string {
  let spec = raw.trim();
  if (spec === '') return 'a jump host is empty';
  const uri = /^ssh:\/\/(.+?)\/?$/.exec(spec);
  if (uri) spec = uri[1] as string;
  const at = spec.lastIndexOf('@');
  const user = at >= 0 ? spec.slice(0, at) : undefined;
  const rest = at >= 0 ? spec.slice(at + 1) : spec;
  let host = rest;
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::([^:]*))?$/.exec(rest);
  if (v6) {
    host = v6[1] as string;
    if (v6[2] !== undefined) port = parsePort(v6[2]);
    if (v6[2] !== undefined && port === undefined) return `"${raw}": the port is not 1-65535`;
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const [h, p] = rest.split(':') as [string, string];
    host = h;
    port = parsePort(p);
    if (port === undefined) return `"${raw}": the port is not 1-65535`;
  }
  if (!host || /[\s/\\]/.test(host)) return `"${raw}": the host is missing or invalid`;
  if (user === '') return `"${raw}": the user is empty`;
  return { host, ...(port ? { port } : {}), ...(user ? { user } : {}) };
}

export function parseJumpList(value: string): JumpListResult {
  const jumps: JumpDraft[] = [];
  for (const part of value.split(',')) {
    const hop = parseJumpSpec(part);
    if (typeof hop === 'string') return { ok: false, reason: hop };
    jumps.push(hop);
  }
  return { ok: true, jumps };
}

const bracket = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** One hop as ssh writes it in `-J`/ProxyJump: `user@host[:port]`, brackets for IPv6. */
export function formatJumpSpec(hop: { host: string; port: number; user: string }): string {
  const host = hop.host.replace(/^\[|\]$/g, '');
  const withPort = hop.port === 22 ? bracket(host) : `${bracket(host)}:${hop.port}`;
  return `${hop.user}@${withPort}`;
}

export type ProxyCommandResult =
  { jump: JumpDraft } | { proxy: ProxyDraft; passwordGiven?: boolean } | undefined;

const NC_TYPES: Record<string, ProxyDraft['type']> = {
  connect: 'http',
  '5': 'socks5',
  '4': 'socks4a',
};

function hostPort(text: string): { host: string; port?: number } | undefined {
  const m = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(text) ?? /^([^:]+)(?::([0-9]+))?$/.exec(text);
  if (!m?.[1]) return undefined;
  const port = m[2] !== undefined ? parsePort(m[2]) : undefined;
  if (m[2] !== undefined && port === undefined) return undefined;
  return { host: m[1], ...(port ? { port } : {}) };
}

/**
 * A ProxyCommand / plink `-proxycmd` / PuTTY local proxy command, when it only wraps a jump host
 * or a proxy, split as its shell would (cmd for plink and PuTTY, sh for ssh). Anything else (scripts, corkscrew, other options) gives undefined: the caller warns.
 */
export function parseProxyCommand(command: string, dialect: ShellDialect): ProxyCommandResult {
  const words = tokenize(command, dialect)
    .filter((t) => !t.op)
    .map((t) => t.value);
  const program = (words[0] ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/\.exe$/i, '')
    .toLowerCase();
  const args = words.slice(1);
  const target = /^(\[?%h\]?:%p|\[?%host\]?:%port)$/;
  if (program === 'ssh' || program === 'plink') {
    const stdio = program === 'ssh' ? '-W' : '-nc';
    const withArg =
      program === 'ssh'
        ? new Set(['-p', '-l', '-i', '-W', '-o', '-F'])
        : new Set(['-P', '-l', '-i', '-nc']);
    const flags =
      program === 'ssh' ? /^-[46qTNCvaAx]+$/ : /^-(ssh|batch|v|noagent|agent|[46TNCaAx])$/;
    const hop: JumpDraft = { host: '' };
    let sawTarget = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      const v = args[i + 1];
      if (withArg.has(a) && v !== undefined) {
        i++;
        if (a === stdio) sawTarget = target.test(v);
        else if (a === '-p' || a === '-P') {
          const port = parsePort(v);
          if (port === undefined) return undefined;
          hop.port = port;
        } else if (a === '-l') hop.user = v;
        else if (a === '-i') hop.keyFile = v;
        else return undefined; // -o/-F: settings we cannot carry over reliably
      } else if (flags.test(a)) continue;
      else if (!a.startsWith('-') && hop.host === '') {
        const spec = parseJumpSpec(a);
        if (typeof spec === 'string') return undefined;
        hop.host = spec.host;
        if (spec.port) hop.port ??= spec.port;
        if (spec.user) hop.user ??= spec.user;
      } else return undefined;
    }
    return sawTarget && hop.host ? { jump: hop } : undefined;
  }
  if (program === 'nc' || program === 'ncat' || program === 'netcat') {
    let type: ProxyDraft['type'] | undefined;
    let where: { host: string; port?: number } | undefined;
    let user: string | undefined;
    const rest: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      const v = args[i + 1] ?? '';
      if (a === '-X') type = NC_TYPES[v.toLowerCase()];
      else if (a === '-x') where = hostPort(v);
      else if (a === '-P') user = v;
      else {
        rest.push(a);
        continue;
      }
      i++;
    }
    const okTarget = rest.join(' ') === '%h %p' || rest.join(' ') === '%host %port';
    if (!where || !okTarget) return undefined;
    // OpenBSD nc defaults to SOCKS5 when -x is given without -X.
    const proxyType = type ?? 'socks5';
    const port = where.port ?? (proxyType === 'http' ? 3128 : 1080);
    return { proxy: { type: proxyType, host: where.host, port, ...(user ? { user } : {}) } };
  }
  return undefined;
}

/** The ProxyCommand that `parseProxyCommand` reads back as this proxy (OpenBSD nc). */
export function formatProxyCommand(proxy: ProxyDraft): string {
  const x = { http: 'connect', socks5: '5', socks4a: '4' }[proxy.type];
  const host = proxy.host.replace(/^\[|\]$/g, '');
  const user = proxy.user ? ` -P ${proxy.user}` : '';
  return `nc -X ${x} -x ${bracket(host)}:${proxy.port}${user} %h %p`;
}
