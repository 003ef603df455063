import { splitWindowsArgs } from './win-argv';

/**
 * Pageant's command line, as a Startup shortcut or a task starts it:
 * `pageant.exe C:\keys\a.ppk "C:\My Keys\b.ppk"` loads those keys;
 * `pageant.exe --encrypted key.ppk` loads a key without decrypting it until first use;
 * `pageant.exe key.ppk -c plink.exe -N …` loads the key, then starts the command — often the
 * tunnel itself, which makes that shortcut a runner too.
 * The rules are PuTTY's own (windows/pageant.c WinMain and utils/aux_match_opt.c, documented in
 * the PuTTY manual, chapter 9 "Using Pageant for authentication"):
 * - an argument that does not start with `-` (or is `-`, or follows `--`) is a key file;
 * - `--foo` is the same as `-foo` for names longer than one letter;
 * - `-encrypted` / `-no-decrypt` (and `-no_decrypt`, `-nodecrypt`) apply to the keys after it;
 * - `-openssh-config FILE` and `-unix PATH` take a value (also as `-opt=value`);
 * - `-restrict-acl`, `-restrict-putty-acl`, `-keylist` are flags; `-pgpfp` shows a box and exits;
 * - `-c`: the rest of the command line, as written, is the command; Pageant splits it once, the
 *   program being a leading `"quoted path"` or the first word.
 * Any other option makes Pageant stop with "unrecognised option" before loading anything.
 */
export interface PageantKey {
  path: string;
  /** Loaded with --encrypted: decrypted on first use, not at startup. */
  encrypted: boolean;
}

export interface PageantCommand {
  /** As written after -c. */
  text: string;
  program: string;
  /** The program's argument string (may be empty). */
  args: string;
}

export interface PageantArgs {
  keys: PageantKey[];
  command?: PageantCommand;
  /** Sentences about arguments Pageant would refuse or that change what it does. */
  warnings: string[];
}

const FLAG_NAMES = new Set([
  '-restrict-acl',
  '-restrict_acl',
  '-restrictacl',
  '-restrict-putty-acl',
  '-restrict_putty_acl',
  '-keylist',
]);
const ENCRYPTED_NAMES = new Set(['-no-decrypt', '-no_decrypt', '-nodecrypt', '-encrypted']);
const VALUE_NAMES = new Set(['-openssh-config', '-openssh_config', '-unix']);

/** `--foo` → `-foo` (names of more than one letter only, as aux_match_opt does). */
function normalise(option: string): string {
  const name = option.split('=')[0] as string;
  return name.startsWith('--') && name.length > 3 ? name.slice(1) : name;
}

export function parsePageantArgs(commandLine: string): PageantArgs {
  const args = splitWindowsArgs(commandLine);
  const keys: PageantKey[] = [];
  const warnings: string[] = [];
  let encrypted = false;
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!.value;
    if (options && arg === '--') {
      options = false;
      continue;
    }
    if (!options || !arg.startsWith('-') || arg === '-') {
      keys.push({ path: arg, encrypted });
      continue;
    }
    if (arg === '-c') {
      const next = args[i + 1];
      const text = next ? commandLine.slice(next.start).trim() : '';
      return { keys, ...(text ? { command: splitCommand(text) } : {}), warnings };
    }
    const name = normalise(arg);
    if (ENCRYPTED_NAMES.has(name)) encrypted = true;
    else if (FLAG_NAMES.has(name)) continue;
    else if (VALUE_NAMES.has(name)) {
      if (!arg.includes('=')) i++;
    } else if (name === '-pgpfp')
      warnings.push('-pgpfp makes Pageant show its PGP fingerprints and exit: no key is loaded');
    else
      warnings.push(
        `Pageant stops at the unrecognised option "${arg}" before loading any key; the keys are listed as written`,
      );
  }
  return { keys, warnings };
}

/** windows/pageant.c: a leading quoted program, else the first word; the rest is its arguments. */
function splitCommand(text: string): PageantCommand {
  if (text.startsWith('"')) {
    const close = text.indexOf('"', 1);
    if (close < 0) return { text, program: text.slice(1), args: '' };
    return { text, program: text.slice(1, close), args: text.slice(close + 1).trimStart() };
  }
  const space = text.search(/\s/);
  if (space < 0) return { text, program: text, args: '' };
  return { text, program: text.slice(0, space), args: text.slice(space).trimStart() };
}
