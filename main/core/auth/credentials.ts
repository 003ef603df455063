import { promises as fs } from 'node:fs';
import type { Profile } from '../config/profile';
import { KeyError } from '../keys/errors';
import { loadPrivateKey } from '../keys/load';
import { agentKeyCount, defaultAgentPath } from './agent';

/** What ssh2 needs to authenticate, gathered before connecting (ssh2's readyTimeout is short). */
export interface Credentials {
  privateKey?: Buffer;
  agent?: string;
  password?: string;
  /** Only the agent was configured and it holds no key: the attempt would be pointless. */
  agentEmpty: boolean;
  /** Secrets to scrub from logs. */
  secrets: string[];
  describe: string;
}

/** Resolves a password reference (the app keeps passwords in the OS secret store). */
export type SecretResolver = (ref: string) => Promise<string | undefined>;

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

/** Takes anything with an `auth` block: a profile, or one of its jump hosts. */
export async function gatherCredentials(
  profile: Pick<Profile, 'auth'>,
  resolveSecret?: SecretResolver,
): Promise<Credentials> {
  const auth = profile.auth;
  const out: Credentials = { agentEmpty: false, secrets: [], describe: '' };
  const parts: string[] = [];
  if (auth.keyFile) {
    const passphrase = auth.passphraseFile ? await readSecretFile(auth.passphraseFile) : undefined;
    if (passphrase) out.secrets.push(passphrase);
    const key = await loadPrivateKey(auth.keyFile, passphrase);
    out.privateKey = key.ssh2Key;
    parts.push(`key ${key.keyType} ${key.fingerprint}`);
  }
  if (auth.agent) {
    const socket = auth.agentSocket ?? defaultAgentPath();
    if (socket) {
      let count = 0;
      try {
        count = await agentKeyCount(socket);
      } catch {
        count = 0;
      }
      if (count > 0) {
        out.agent = socket;
        parts.push(`agent (${count} keys)`);
      } else if (!auth.keyFile && !auth.passwordRef) out.agentEmpty = true;
    } else if (!auth.keyFile && !auth.passwordRef) out.agentEmpty = true;
  }
  if (auth.passwordRef && resolveSecret) {
    const password = await resolveSecret(auth.passwordRef);
    if (password) {
      out.password = password;
      out.secrets.push(password);
      parts.push('password');
    }
  }
  if (out.agentEmpty)
    throw new CredentialError('agent-empty', 'the SSH agent is not running or holds no key');
  out.describe = parts.join(', ') || 'no credentials';
  return out;
}
