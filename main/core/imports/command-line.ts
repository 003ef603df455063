import os from 'node:os';
import { parseForwardSpec, type ForwardType } from './forward-spec';
import { parseHostKeyValue } from './host-key';
import {
  applyJumpList,
  applyKeyword,
  applyProxyCommand,
  type KeywordContext,
} from './ssh-keywords';
import { warn, type Draft } from './types';
import { checkVariables } from './variables';

/**
 * The arguments of one `plink` or `ssh` invocation (program name removed) → a draft.
 * Options are read before and after the destination, as both programs do; the first other word
 * after the destination starts the remote command. Nothing here ever echoes a `-pw` value.
 */
export type CommandDialect = 'plink' | 'ssh';

export interface CommandContext {
  homeDir?: string;
}

const FORWARD_FLAGS: Record<string, ForwardType> = { L: 'local', R: 'remote', D: 'dynamic' };
/** ssh's getopt letters that take an argument (from ssh.c). */
const SSH_WITH_ARG = new Set('bcDEeFIiJLlmOopPQRSWwB'.split(''));
const SSH_FLAGS = new Set('1246AaCfGgKkMNnqsTtVvXxYy'.split(''));
const PLINK_WITH_ARG = new Set(
  'P p l i L R D pw pwfile hostkey load m nc proxycmd sercfg sshlog sshrawlog sessionlog J o cert'.split(
    ' ',
  ),
);
const PLINK_FLAGS = new Set(
  [
    'ssh v batch N noagent agent A a X x T t C 1 2 4 6 s no-antispoof share noshare shareexists',
    'sanitise-stderr no-sanitise-stderr sanitise-stdout no-sanitise-stdout logoverwrite logappend',
    'no-trivial-auth restrict-acl legacy-stdio-prompts ssh-connection V pgpfp',
  ]
    .join(' ')
    .split(' '),
);
const NOT_SSH = new Set(['telnet', 'rlogin', 'raw', 'serial', 'supdup']);

export class NotSshError extends Error {}

function expandTilde(path: string, ctx: CommandContext): string {
  const home = ctx.homeDir ?? os.homedir();
  return path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** `user@host`, `ssh://user@host:port`; the last `@` separates, as ssh does. */
function setDestination(draft: Draft, word: string): void {
  let dest = word;
  const uri = /^ssh:\/\/(.+?)(?::([0-9]+))?\/?$/.exec(word);
  if (uri) {
    dest = uri[1] as string;
    if (uri[2]) draft.port = Number(uri[2]);
  }
  const at = dest.lastIndexOf('@');
  const user = at >= 0 ? dest.slice(0, at) : undefined;
  const host = at >= 0 ? dest.slice(at + 1) : dest;
  if (user && draft.user && draft.user !== user)
    warn(
      draft,
      'conflicting-user',
      `both -l ${draft.user} and ${user}@ name a user; ${draft.user} is used`,
    );
  else if (user) draft.user = user;
  // `user@[::1]` as in ssh:// URIs: the brackets only delimit the IPv6 address.
  draft.host = host.replace(/^\[([^\]]*)\]$/, '$1');
  checkVariables(draft, 'the destination', dest);
}

export function parseCommandArgs(
  args: readonly string[],
  dialect: CommandDialect,
  draft: Draft,
  ctx: CommandContext = {},
): void {
  const seen = new Set<string>();
  const keywordCtx: KeywordContext = {
    seen,
    where: (k) => `-o ${k}`,
    expandPath: (p) => expandTilde(p, ctx),
  };
  let command: string[] = [];
  let i = 0;
  const next = (name: string, optionLike: boolean): string | undefined => {
    const value = args[i + 1];
    if (value === undefined || value === '-pw' || (optionLike && /^-[A-Za-z]/.test(value))) {
      warn(draft, 'malformed-option', `${name} has no value and was skipped`);
      return undefined;
    }
    i++;
    return value;
  };
  const option = (name: string, value: string | undefined): void => {
    if (value === undefined) return;
    applyOption(draft, dialect, name, value, keywordCtx, ctx);
  };
  for (; i < args.length; i++) {
    const word = args[i] as string;
    if (!word.startsWith('-') || word === '-') {
      if (draft.host === undefined) {
        setDestination(draft, word);
        continue;
      }
      command = args.slice(i);
      break;
    }
    if (word === '--') {
      if (draft.host === undefined && args[i + 1] !== undefined)
        setDestination(draft, args[++i] as string);
      command = args.slice(i + 1);
      break;
    }
    if (word === '-pw') {
      // Consume the value whatever it looks like, so that it can never be taken for anything
      // (or echoed in a message). Checked in both dialects: `ssh -pw x` would read x as a host.
      if (args[i + 1] !== undefined) i++;
      warn(
        draft,
        'password-refused',
        '-pw was refused and the password not stored: a password on a command line is visible to every user of the machine (process list) and stays in scripts and shell history; use a key, or keep the password in the system secret store from the app',
      );
      continue;
    }
    if (dialect === 'plink') {
      const name = word.slice(1);
      if (NOT_SSH.has(name)) throw new NotSshError(`${word} selects a protocol other than SSH`);
      if (PLINK_WITH_ARG.has(name)) {
        const optionLike = name !== 'pwfile' && name !== 'm';
        option(word, next(word, optionLike));
      } else if (PLINK_FLAGS.has(name)) flag(draft, name, dialect);
      else
        warn(
          draft,
          'unknown-option',
          `${word} is not a plink option Tunnelkeeper knows; it was ignored`,
        );
      continue;
    }
    // ssh: getopt-style bundles, `-vvv`, `-NT`, `-p2222`, `-oKey=Value`.
    for (let j = 1; j < word.length; j++) {
      const letter = word[j] as string;
      if (SSH_WITH_ARG.has(letter)) {
        const rest = word.slice(j + 1);
        option(`-${letter}`, rest !== '' ? rest : next(`-${letter}`, 'LRDilpJP'.includes(letter)));
        break;
      }
      if (SSH_FLAGS.has(letter)) flag(draft, letter, dialect);
      else {
        warn(draft, 'unknown-option', `-${letter} is not an ssh option; it was ignored`);
        break;
      }
    }
  }
  if (!draft.keyFile && draft.agent !== false)
    warn(
      draft,
      'key-from-agent',
      dialect === 'plink'
        ? 'no -i key file: plink takes the key from Pageant; Tunnelkeeper offers the keys of the SSH agent, so load the key there or set the key file in the profile'
        : 'no -i key file: ssh would also try ~/.ssh/id_ed25519, id_ecdsa and id_rsa; Tunnelkeeper offers only the keys of the SSH agent, so set the key file in the profile if the key is not in the agent',
    );
  if (command.length > 0) {
    // Whatever follows the destination is echoed in the warning: never a -pw value.
    command = command.map((w, k) => (command[k - 1] === '-pw' ? '***' : w));
    warn(
      draft,
      'remote-command-ignored',
      `the remote command "${command.join(' ')}" is not run: a tunnel profile only keeps the connection and its forwards`,
    );
  }
}

/** Flags that change the profile; the rest (-N -batch -T -C -4 …) have no bearing on it. */
function flag(draft: Draft, name: string, dialect: CommandDialect): void {
  if (name === 'v') draft.verbose = true;
  else if (name === 'noagent') draft.agent = false;
  else if (name === 'agent') draft.agent = true;
  else if (name === 'g' && dialect === 'ssh') draft.gatewayPorts = true;
}

function applyOption(
  draft: Draft,
  dialect: CommandDialect,
  name: string,
  value: string,
  keywordCtx: KeywordContext,
  ctx: CommandContext,
): void {
  const key = name.slice(1);
  const forwardType = FORWARD_FLAGS[key];
  if (forwardType) {
    const result = parseForwardSpec(forwardType, value);
    if (result.ok) {
      draft.forwards.push(result.forward);
      checkVariables(draft, name, value);
    } else warn(draft, 'malformed-option', `${name} ${value} was skipped: ${result.reason}`);
    return;
  }
  switch (key) {
    case 'P':
    case 'p': {
      if (dialect === 'ssh' && key === 'P') return; // ssh -P is a tag for Match, not a port
      const port = /^[0-9]+$/.test(value) ? Number(value) : NaN;
      if (port >= 1 && port <= 65535) draft.port = port;
      else
        warn(
          draft,
          'malformed-option',
          `${name} "${value}" was ignored: not a port number 1-65535`,
        );
      return;
    }
    case 'l':
      draft.user = value;
      return;
    case 'i':
      draft.keyFile = dialect === 'ssh' ? expandTilde(value, ctx) : value;
      checkVariables(draft, name, value);
      return;
    case 'hostkey': {
      const pin = parseHostKeyValue(value);
      if (pin) draft.pinned.push(pin);
      else
        warn(
          draft,
          'malformed-option',
          `-hostkey "${value}" was skipped: not a SHA256 or MD5 fingerprint`,
        );
      return;
    }
    case 'J':
      // ssh: -J is ProxyJump (the first of ProxyJump/ProxyCommand wins).
      if (keywordCtx.seen.has('proxyjump')) return;
      keywordCtx.seen.add('proxyjump').add('proxycommand');
      if (value.toLowerCase() !== 'none') applyJumpList(draft, value, name);
      return;
    case 'o': {
      const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(value);
      if (!m) warn(draft, 'malformed-option', `-o "${value}" was skipped: expected Key=Value`);
      else applyKeyword(draft, m[1] as string, (m[2] as string).trim(), keywordCtx);
      return;
    }
    case 'pwfile':
      warn(
        draft,
        'password-not-imported',
        '-pwfile was not imported: keep the password in the system secret store from the app, or use a key',
      );
      return;
    case 'load':
      warn(
        draft,
        'option-not-applied',
        `-load "${value}": saved session settings are not read from a command line; import the session with --from putty-reg`,
      );
      return;
    case 'F':
      warn(
        draft,
        'option-not-applied',
        `-F ${value}: that config file is not read here; import it with --from ssh-config`,
      );
      return;
    case 'proxycmd':
      keywordCtx.seen.add('proxyjump').add('proxycommand');
      applyProxyCommand(draft, value, name, 'cmd');
      return;
    case 'm':
      // ssh -m is MACs, the same as -o MACs=…
      if (dialect === 'ssh') return applyKeyword(draft, 'MACs', value, keywordCtx);
      warn(
        draft,
        'remote-command-ignored',
        `${name} ${value}: a tunnel profile runs no remote command`,
      );
      return;
    case 'W':
    case 'nc':
      warn(
        draft,
        'option-not-applied',
        `${name} ${value}: standard input/output forwarding is not supported; use a local forward`,
      );
      return;
    case 'c':
      // ssh -c is Ciphers, the same as -o Ciphers=…
      if (dialect === 'ssh') return applyKeyword(draft, 'Ciphers', value, keywordCtx);
      warn(draft, 'option-not-applied', `${name} ${value} was not applied`);
      return;
    case 'b':
    case 'B':
    case 'w':
    case 'I':
      warn(draft, 'option-not-applied', `${name} ${value} was not applied`);
      return;
  }
  // -E -e -S -O -Q -sercfg -sshlog …: no bearing on the tunnel.
}
