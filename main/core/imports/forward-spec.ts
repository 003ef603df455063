import { LOOPBACK } from '../config/profile';
import type { ForwardDraft } from './types';

/**
 * The `-L`/`-R`/`-D` argument grammar shared by ssh, plink, ssh_config and PuTTY sessions:
 * `[bind:]port:host:hostport` and `[bind:]port`, with IPv6 addresses in brackets
 * (`[::1]:8080:[fe80::1]:80`) or, as older OpenSSH wrote them, `/` as the separator.
 */
export type ForwardType = ForwardDraft['type'];

export type SpecResult = { ok: true; forward: ForwardDraft } | { ok: false; reason: string };

/** Splits on `sep` outside brackets; brackets are removed from the fields. */
export function splitFields(spec: string, sep: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let bracket = false;
  for (const c of spec) {
    if (c === '[' && !bracket && field === '') bracket = true;
    else if (c === ']' && bracket) bracket = false;
    else if (c === sep && !bracket) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  if (bracket) return undefined;
  fields.push(field);
  return fields;
}

function parsePort(text: string, min: number): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= 65535 ? n : undefined;
}

const HOST = /^[^\s/\\]+$/;

export function parseForwardSpec(type: ForwardType, raw: string): SpecResult {
  const spec = raw.trim();
  if (spec === '') return { ok: false, reason: 'it is empty' };
  // Old OpenSSH IPv6 syntax: [bind/]port/host/hostport (or [bind/]port for -D).
  const slash = /^([^/]+\/)?[0-9]+(\/[^/]+\/[0-9]+)?$/.test(spec) && spec.includes('/');
  const fields = splitFields(spec, slash ? '/' : ':');
  if (!fields) return { ok: false, reason: 'an IPv6 address has an unclosed "["' };
  if (type === 'dynamic') {
    if (fields.length > 2) return { ok: false, reason: 'expected [bind_address:]port' };
    const bindPort = parsePort(fields[fields.length - 1] as string, 0);
    if (bindPort === undefined) return { ok: false, reason: 'the port is not a number 0-65535' };
    const forward: ForwardDraft = { type, bindPort };
    if (fields.length === 2) forward.bindAddress = fields[0] as string;
    return { ok: true, forward };
  }
  if (fields.some((f) => f.includes('/')))
    return { ok: false, reason: 'Unix-socket forwards are not supported' };
  if (fields.length <= 2)
    return type === 'remote'
      ? { ok: false, reason: 'remote dynamic (SOCKS) forwards are not supported' }
      : { ok: false, reason: 'expected [bind_address:]port:host:hostport' };
  if (fields.length > 4) return { ok: false, reason: 'expected [bind_address:]port:host:hostport' };
  const [bind, port, host, hostPort] = fields.length === 4 ? fields : [undefined, ...fields];
  const bindPort = parsePort(port as string, 0);
  if (bindPort === undefined)
    return { ok: false, reason: `the listen port "${port}" is not a number 0-65535` };
  if (!host || !HOST.test(host))
    return { ok: false, reason: 'the target host is missing or invalid' };
  const targetPort = parsePort(hostPort as string, 1);
  if (targetPort === undefined)
    return { ok: false, reason: `the target port "${hostPort}" is not a number 1-65535` };
  const forward: ForwardDraft = { type, bindPort, targetHost: host, targetPort };
  if (bind !== undefined) forward.bindAddress = bind;
  return { ok: true, forward };
}

/** `host:port` or `[v6]:port` (PuTTY forward targets, license `port@host` aside). */
export function splitHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:([0-9]+)$/.exec(text) ?? /^(.+):([0-9]+)$/.exec(text);
  if (!m) return undefined;
  const port = parsePort(m[2] as string, 1);
  return port === undefined || !m[1] ? undefined : { host: m[1], port };
}

export const bracket = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/**
 * The listening half of a forward. Implicit: a local/dynamic listener's loopback default, and a
 * remote forward that asks the server for its default (no address at all).
 */
export function formatListen(f: {
  type: ForwardType;
  bindAddress?: string;
  bindPort: number;
}): string {
  const implicit =
    f.bindAddress === undefined || (f.type !== 'remote' && f.bindAddress === LOOPBACK);
  return implicit ? `${f.bindPort}` : `${bracket(f.bindAddress!)}:${f.bindPort}`;
}

/** Writes a forward back in the shared grammar (`-L`/`-R`/`-D` argument). */
export function formatForwardSpec(f: {
  type: ForwardType;
  bindAddress?: string;
  bindPort: number;
  targetHost?: string;
  targetPort?: number;
}): string {
  if (f.type === 'dynamic') return formatListen(f);
  return `${formatListen(f)}:${bracket(f.targetHost ?? '')}:${f.targetPort ?? ''}`;
}
