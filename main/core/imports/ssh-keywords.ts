import { parseForwardSpec, type ForwardType } from './forward-spec';
import { categoryOfOption, resolveAlgorithmList } from '../config/algorithms';
import { parseJumpList, parseProxyCommand } from './jumps';
import type { ShellDialect } from './tokenize';
import { warn, type Draft } from './types';

/**
 * One ssh_config keyword applied to a draft. Shared by `ssh -o Key=Value` and the ssh_config
 * reader, because ssh itself treats both the same way: the first value obtained wins, except
 * for forwards, which add up.
 */
export interface KeywordContext {
  /** Lower-cased keywords already set; later values of those are ignored, as in ssh. */
  seen: Set<string>;
  /** How to name the option in a message, e.g. `-o ServerAliveInterval` or `line 12`. */
  where: (keyword: string) => string;
  /** `~` and ssh's `%` tokens in file names. */
  expandPath: (path: string) => string;
}

/** Known, and without effect on what a tunnel profile holds: accepted silently. */
const NO_EFFECT = new Set(
  [
    'batchmode tcpkeepalive compression forwardagent forwardx11 forwardx11trusted requesttty',
    'sessiontype stdinnull forkafterauthentication identitiesonly addkeystoagent',
    'pubkeyauthentication controlmaster controlpath controlpersist hashknownhosts visualhostkey',
    'updatehostkeys checkhostip globalknownhostsfile sendenv setenv preferredauthentications',
    'passwordauthentication kbdinteractiveauthentication challengeresponseauthentication',
    'addressfamily connectionattempts connecttimeout escapechar ipqos permitlocalcommand',
    'clearallforwardings gssapiauthentication gssapidelegatecredentials numberofpasswordprompts',
  ]
    .join(' ')
    .split(' '),
);
/** Known but not applied: the admin must learn the setting is lost. */
const NOT_APPLIED: Record<string, string> = {
  hostkeyalias: 'host keys are checked against the real host name',
  certificatefile: 'SSH certificates are not supported yet',
  localcommand: 'no local command is run',
  remotecommand: 'a tunnel runs no remote command',
  pubkeyacceptedalgorithms: 'the signature algorithm follows the key automatically',
  pubkeyacceptedkeytypes: 'the signature algorithm follows the key automatically',
  bindaddress: 'the outgoing address is chosen by the system',
  bindinterface: 'the outgoing interface is chosen by the system',
};

function yesNo(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (['yes', 'true', 'on'].includes(v)) return true;
  if (['no', 'false', 'off'].includes(v)) return false;
  return undefined;
}

const FORWARD_KEYWORDS: Record<string, ForwardType> = {
  localforward: 'local',
  remoteforward: 'remote',
  dynamicforward: 'dynamic',
};

/** Applies `keyword value`; anything it cannot apply becomes a warning on the draft. */
export function applyKeyword(
  draft: Draft,
  keyword: string,
  value: string,
  ctx: KeywordContext,
): void {
  const key = keyword.toLowerCase();
  const where = ctx.where(keyword);
  const forwardType = FORWARD_KEYWORDS[key];
  if (forwardType) {
    // "LocalForward 8080 web:80" → "8080:web:80"; a single argument is already joined.
    const spec = value.trim().split(/\s+/).join(':');
    const result = parseForwardSpec(forwardType, spec);
    if (result.ok) draft.forwards.push(result.forward);
    else warn(draft, 'malformed-option', `${where} "${value}" was skipped: ${result.reason}`);
    return;
  }
  if (key === 'identityfile' && ctx.seen.has(key)) {
    warn(draft, 'extra-identity-file', `${where} ${value}: only the first key file is used`);
    return;
  }
  if (ctx.seen.has(key)) return;
  ctx.seen.add(key);
  const number = (min: number, max: number): number | undefined => {
    const n = Number(value);
    if (value.trim() !== '' && Number.isInteger(n) && n >= min && n <= max) return n;
    warn(
      draft,
      'malformed-option',
      `${where} "${value}" was ignored: expected a number ${min}-${max}`,
    );
    return undefined;
  };
  switch (key) {
    case 'hostname':
      draft.host = value;
      return;
    case 'user':
      draft.user = value;
      return;
    case 'port': {
      const port = number(1, 65535);
      if (port !== undefined) draft.port = port;
      return;
    }
    case 'identityfile':
      draft.keyFile = ctx.expandPath(value);
      return;
    case 'identityagent':
      if (value.toLowerCase() === 'none') draft.agent = false;
      else {
        draft.agent = true;
        if (value !== 'SSH_AUTH_SOCK') draft.agentSocket = ctx.expandPath(value);
      }
      return;
    case 'serveraliveinterval': {
      const n = number(0, 3600);
      if (n === 0)
        warn(
          draft,
          'keepalive-enabled',
          `${where} 0 turns keepalives off; Tunnelkeeper always sends them (default every 5 s) so that a dead link is noticed`,
        );
      else if (n !== undefined) draft.intervalSeconds = n;
      return;
    }
    case 'serveralivecountmax': {
      const n = number(0, 100);
      if (n === 0)
        warn(
          draft,
          'keepalive-enabled',
          `${where} 0 would drop the link at the first missed keepalive; the default (3) is used`,
        );
      else if (n !== undefined) draft.countMax = n;
      return;
    }
    case 'exitonforwardfailure':
      if (yesNo(value) === false)
        warn(
          draft,
          'forward-failure-reported',
          `${where} no: Tunnelkeeper keeps the session up but reports each forward that cannot listen (state "degraded")`,
        );
      return;
    case 'stricthostkeychecking': {
      const v = value.toLowerCase();
      if (v === 'accept-new') draft.policy = 'accept-new';
      else if (yesNo(v) === true || v === 'ask') draft.policy = 'strict';
      else if (yesNo(v) === false) {
        draft.policy = 'accept-new';
        warn(
          draft,
          'host-key-policy',
          `${where} ${value} would accept any host key, even a changed one; Tunnelkeeper records the key on first use (accept-new) and refuses a changed one`,
        );
      } else
        warn(
          draft,
          'malformed-option',
          `${where} "${value}" was ignored: expected yes, no, ask or accept-new`,
        );
      return;
    }
    case 'userknownhostsfile': {
      const file = value.trim().split(/\s+/)[0] ?? '';
      if (/^(\/dev\/null|nul)$/i.test(file))
        warn(
          draft,
          'host-key-policy',
          `${where} ${file} records no host keys; Tunnelkeeper keeps its own trusted keys for the profile`,
        );
      else if (file) draft.knownHostsFile = ctx.expandPath(file);
      return;
    }
    case 'gatewayports':
      draft.gatewayPorts = yesNo(value) === true;
      return;
    case 'proxyjump':
    case 'proxycommand':
      // ssh: whichever of the two comes first wins, the other is ignored.
      ctx.seen.add('proxyjump').add('proxycommand');
      if (value.toLowerCase() === 'none') return;
      if (key === 'proxyjump') applyJumpList(draft, value, where);
      else applyProxyCommand(draft, value, where);
      return;
  }
  const category = categoryOfOption(key);
  if (category) {
    // Kept in OpenSSH's own syntax (+, -, ^), checked against what the engine speaks.
    const r = resolveAlgorithmList(category, value);
    if (r.ok) draft.algorithms = { ...draft.algorithms, [category]: value };
    else warn(draft, 'malformed-option', `${where} was skipped: ${r.message}`);
    return;
  }
  if (key === 'loglevel') {
    if (/^(verbose|debug[0-9]?)$/i.test(value)) draft.verbose = true;
    return;
  }
  if (NO_EFFECT.has(key)) return;
  const reason = NOT_APPLIED[key];
  if (reason) warn(draft, 'option-not-applied', `${where} was not applied: ${reason}`);
  else
    warn(draft, 'unknown-option', `${where} is not an option Tunnelkeeper knows; it was ignored`);
}

export function applyJumpList(draft: Draft, value: string, where: string): void {
  const result = parseJumpList(value);
  if (result.ok) draft.jumps = result.jumps;
  else warn(draft, 'malformed-option', `${where} "${value}" was skipped: ${result.reason}`);
}

/** A proxy command becomes a jump host or a proxy when it only wraps one; else a warning. */
export function applyProxyCommand(
  draft: Draft,
  command: string,
  where: string,
  dialect: ShellDialect = 'sh',
): void {
  const result = parseProxyCommand(command, dialect);
  if (result && 'jump' in result) draft.jumps = [result.jump];
  else if (result) draft.proxy = result.proxy;
  else
    warn(
      draft,
      'proxy-not-applied',
      // A password in the command (plink -pw, ncat --proxy-auth) is never echoed.
      `${where} "${command.replace(/(-pw\s+|--proxy-auth[ =])\S+/g, '$1***')}" was not applied: only proxy commands that wrap a jump host (ssh -W %h:%p host, plink host -nc %host:%port) or an HTTP/SOCKS proxy (nc -X connect|5|4 -x host:port %h %p) are understood; the profile connects directly to the host`,
    );
}
