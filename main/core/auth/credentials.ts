import { promises as fs } from 'node:fs';
import type { BaseAgent, ParsedKey } from 'ssh2';
import type { Profile } from '../config/profile';
import { KeyError } from '../keys/errors';
import { loadPrivateKey } from '../keys/load';
import { readKey } from '../keys/read';
import { sha256Fingerprint } from '../keys/fingerprint';
import { keyTypeOf } from './fingerprint';
import { chooseAgent } from './agent/for-profile';
import type { Keyring } from './agent/keyring';
import { KeyringAgent } from './agent/ssh2-agent';

/** What ssh2 needs to authenticate, gathered before connecting (ssh2's readyTimeout is short). */
export interface Credentials {
  privateKey?: Buffer;
  /** An agent path (SSH_AUTH_SOCK, Windows pipe, Pageant) or an agent object (the built-in one). */
  agent?: string | BaseAgent;
  password?: string;
  /** Only the agent was configured and it holds no key: the attempt would be pointless. */
  agentEmpty: boolean;
  /** Secrets to scrub from logs. */
  secrets: string[];
  describe: string;
  /** Things worth a log line that do not stop the attempt (e.g. a stored password is missing). */
  warnings?: string[];
}

/** Resolves a password reference (the app keeps passwords in the OS secret store). */
export type SecretResolver = (ref: string) => Promise<string | undefined>;

export interface GatherOptions {
  /** The built-in agent: keys unlocked once there serve every tunnel that names them. */
  keyring?: Keyring;
}

export class CredentialError extends Error {
  constructor(
    readonly code: 'agent-empty' | 'key-unreadable' | 'auth-rejected',
    message: string,
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}

/** First line of a secret file, without its line ending (cli.md). */
export async function readSecretFile(file: string): Promise<string> {
  try {
    const text = await fs.readFile(file, 'utf8');
    return text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  } catch (error) {
    throw new KeyError(
      'key-unreadable',
      `cannot read passphrase file ${file}: ${(error as Error).message}`,
    );
  }
}

/** The built-in agent narrowed to one key: the profile named that key, offer no other. */
class OneKeyAgent extends KeyringAgent {
  constructor(
    keyring: Keyring,
    private readonly blob: Buffer,
  ) {
    super(keyring);
  }

  override getIdentities(cb: (err: Error | undefined, publicKeys?: ParsedKey[]) => void): void {
    super.getIdentities((err, keys) =>
      cb(
        err,
        keys?.filter((k) => k.getPublicSSH().equals(this.blob)),
      ),
    );
  }
}

/**
 * Pageant's model: an encrypted key file named without a passphrase file is usable when its key
 * is unlocked in the built-in agent. The public half of an encrypted file reads without a
 * passphrase, so we can tell without asking.
 */
async function keyFromKeyring(
  keyFile: string,
  keyring: Keyring | undefined,
): Promise<{ agent: BaseAgent; fingerprint: string; keyType: string } | undefined> {
  if (!keyring) return undefined;
  let blob: Buffer;
  try {
    const read = await readKey(await fs.readFile(keyFile));
    if (!read.encrypted) return undefined;
    blob = read.public.blob;
  } catch {
    return undefined; // loadPrivateKey reports the problem with its own words
  }
  if (!keyring.identities().some((id) => id.blob.equals(blob))) return undefined;
  return {
    agent: new OneKeyAgent(keyring, blob),
    fingerprint: sha256Fingerprint(blob),
    keyType: keyTypeOf(blob),
  };
}

/** Takes anything with an `auth` block: a profile, or one of its jump hosts. */
export async function gatherCredentials(
  profile: Pick<Profile, 'auth'>,
  resolveSecret?: SecretResolver,
  options: GatherOptions = {},
): Promise<Credentials> {
  const auth = profile.auth;
  const out: Credentials = { agentEmpty: false, secrets: [], describe: '', warnings: [] };
  const parts: string[] = [];
  if (auth.keyFile) {
    const held = auth.passphraseFile
      ? undefined
      : await keyFromKeyring(auth.keyFile, options.keyring);
    if (held) {
      out.agent = held.agent;
      parts.push(`key ${held.keyType} ${held.fingerprint} (unlocked in Tunnelkeeper's agent)`);
    } else {
      const passphrase = auth.passphraseFile
        ? await readSecretFile(auth.passphraseFile)
        : undefined;
      if (passphrase) out.secrets.push(passphrase);
      const key = await loadPrivateKey(auth.keyFile, passphrase);
      out.privateKey = key.ssh2Key;
      parts.push(`key ${key.keyType} ${key.fingerprint}`);
    }
  }
  // ssh2 takes one agent: when the key file is served by our agent, that is the one offered.
  if (auth.agent && !out.agent) {
    try {
      const chosen = await chooseAgent(auth.agentSocket, options.keyring);
      out.agent = chosen.agent;
      parts.push(chosen.describe);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'agent-empty') throw error;
      // Only fatal when the agent was the one way in; otherwise the other credentials may do.
      if (!auth.keyFile && !auth.passwordRef) {
        out.agentEmpty = true;
        throw new CredentialError('agent-empty', (error as Error).message);
      }
      out.warnings!.push(`agent skipped: ${(error as Error).message}`);
    }
  }
  if (auth.passwordRef && resolveSecret) {
    const password = await resolveSecret(auth.passwordRef);
    if (password) {
      out.password = password;
      out.secrets.push(password);
      parts.push('password');
    } else out.warnings!.push(`the stored password ${auth.passwordRef} is missing`);
  }
  out.describe = parts.join(', ') || 'no credentials';
  return out;
}
