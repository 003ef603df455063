import { readFile } from 'node:fs/promises';
import { createAgent, utils } from 'ssh2';
import { defaultAgentPath } from '../auth/agent';
import { BUILTIN_AGENT } from '../auth/agent/for-profile';
import { readSecretFile } from '../auth/credentials';
import { keyTypeOf, sha256Fingerprint } from '../auth/fingerprint';
import type { Profile } from '../config/profile';
import { KeyError, type KeyErrorCode } from '../keys/errors';
import { loadPrivateKey } from '../keys/load';

/**
 * The profile's credentials, loaded one by one so that one broken credential is evidence and not
 * the end of the diagnosis (the engine's gatherCredentials stops at the first problem).
 */
export interface KeyFileState {
  path: string;
  format: 'ppk' | 'openssh' | 'pem' | 'other' | 'missing';
  loaded?: { ssh2Key: Buffer; keyType: string; fingerprint: string };
  problem?: { code: KeyErrorCode; message: string };
  /** The one-line public key, for the "compare with what you pasted at the provider" advice. */
  publicLine?: string;
  publicFingerprint?: string;
}

export interface AgentState {
  socket?: string;
  status: 'ok' | 'empty' | 'unreachable' | 'none';
  fingerprints: string[];
  error?: string;
}

export interface CredentialState {
  key?: KeyFileState;
  agent?: AgentState;
  /** A password kept in the OS secret store: resolved when the caller can (the app), else not. */
  passwordRef?: string;
  password?: string;
}

function formatOf(text: string): KeyFileState['format'] {
  if (/^PuTTY-User-Key-File-/m.test(text)) return 'ppk';
  if (/BEGIN OPENSSH PRIVATE KEY/.test(text)) return 'openssh';
  if (/BEGIN [A-Z ]*PRIVATE KEY/.test(text)) return 'pem';
  return 'other';
}

function publicLine(blob: Buffer, comment: string): string {
  return `${keyTypeOf(blob)} ${blob.toString('base64')}${comment ? ` ${comment}` : ''}`;
}

/** The public half of an encrypted key, without the passphrase: `<key>.pub`, or the clear part. */
async function publicWithoutPassphrase(path: string, text: string): Promise<Buffer | undefined> {
  try {
    const pub = utils.parseKey(await readFile(`${path}.pub`));
    const key = Array.isArray(pub) ? pub[0] : pub;
    if (key && !(key instanceof Error)) return key.getPublicSSH();
  } catch {
    // no .pub next to the key
  }
  // openssh-key-v1 and PPK both keep the public blob in clear.
  const ppk = /^Public-Lines:\s*(\d+)\r?\n/m.exec(text);
  if (ppk) {
    const lines = text.slice(ppk.index + ppk[0].length).split(/\r?\n/);
    return Buffer.from(lines.slice(0, Number(ppk[1])).join(''), 'base64');
  }
  const armour = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text);
  if (!armour?.[1]) return undefined;
  const raw = Buffer.from(armour[1].replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (raw.toString('latin1', 0, magic.length) !== magic) return undefined;
  let pos = magic.length;
  const str = () => {
    const length = raw.readUInt32BE(pos);
    const out = raw.subarray(pos + 4, pos + 4 + length);
    pos += 4 + length;
    return out;
  };
  try {
    str(); // cipher
    str(); // kdf
    str(); // kdf options
    pos += 4; // number of keys
    return str();
  } catch {
    return undefined;
  }
}

async function loadKeyFile(path: string, passphraseFile?: string): Promise<KeyFileState> {
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch (error) {
    return {
      path,
      format: 'missing',
      problem: { code: 'key-unreadable', message: (error as Error).message },
    };
  }
  const state: KeyFileState = { path, format: formatOf(text) };
  try {
    const passphrase = passphraseFile ? await readSecretFile(passphraseFile) : undefined;
    const key = await loadPrivateKey(path, passphrase);
    state.loaded = key;
    const parsed = utils.parseKey(key.ssh2Key);
    const one = Array.isArray(parsed) ? parsed[0] : parsed;
    if (one && !(one instanceof Error)) {
      const blob = one.getPublicSSH();
      state.publicLine = publicLine(blob, key.comment);
      state.publicFingerprint = key.fingerprint;
    }
  } catch (error) {
    state.problem =
      error instanceof KeyError
        ? { code: error.code, message: error.message }
        : { code: 'key-unreadable', message: (error as Error).message };
    const blob = await publicWithoutPassphrase(path, text);
    if (blob && blob.length > 0) {
      state.publicLine = publicLine(blob, '');
      state.publicFingerprint = sha256Fingerprint(blob);
    }
  }
  return state;
}

/** The agent problems the auth check words itself (anything else is the agent's own error). */
export const AGENT_NO_ANSWER = 'no answer';
export const AGENT_BUILTIN =
  'Tunnelkeeper’s built-in agent holds its keys in the running app or `up` only';
export const AGENT_UNSET = 'no agent configured (SSH_AUTH_SOCK unset)';

/** Agents hand back parsed keys (or, per ssh2's typings, wrappers of them). */
function publicBlobOf(entry: unknown): Buffer | undefined {
  const key = (entry as { pubKey?: unknown })?.pubKey ?? entry;
  const parsed = key as { getPublicSSH?: () => Buffer };
  return typeof parsed?.getPublicSSH === 'function' ? parsed.getPublicSSH() : undefined;
}

function listAgent(socket: string, timeoutMs: number): Promise<AgentState> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ socket, status: 'unreachable', fingerprints: [], error: AGENT_NO_ANSWER }),
      timeoutMs,
    );
    // createAgent, as ssh2's own agent auth does: "pageant", Cygwin sockets and Windows pipes too.
    createAgent(socket).getIdentities((error, keys) => {
      clearTimeout(timer);
      if (error) {
        resolve({ socket, status: 'unreachable', fingerprints: [], error: error.message });
        return;
      }
      const fingerprints = ((keys ?? []) as unknown[]).flatMap((key) => {
        const blob = publicBlobOf(key);
        return blob ? [sha256Fingerprint(blob)] : [];
      });
      resolve({ socket, status: fingerprints.length ? 'ok' : 'empty', fingerprints });
    });
  });
}

export async function loadCredentials(
  profile: Profile,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  resolveSecret?: (ref: string) => Promise<string | undefined>,
): Promise<CredentialState> {
  const auth = profile.auth;
  const state: CredentialState = {};
  if (auth.keyFile) state.key = await loadKeyFile(auth.keyFile, auth.passphraseFile);
  if (auth.agent) {
    const socket = auth.agentSocket ?? defaultAgentPath(env);
    // The built-in agent's keys live only in the app's or `up`'s memory: nothing to probe here.
    state.agent =
      socket === BUILTIN_AGENT
        ? {
            status: 'none',
            fingerprints: [],
            error: AGENT_BUILTIN,
          }
        : socket
          ? await listAgent(socket, timeoutMs)
          : {
              status: 'none',
              fingerprints: [],
              error: AGENT_UNSET,
            };
  }
  if (auth.passwordRef) {
    state.passwordRef = auth.passwordRef;
    state.password = await resolveSecret?.(auth.passwordRef).catch(() => undefined);
  }
  return state;
}
