/**
 * The agents a tunnel can borrow keys from, besides our own: `SSH_AUTH_SOCK`, Windows' OpenSSH
 * agent pipe and Pageant's named pipe (PuTTY ≥ 0.75). Each is an OpenSSH-protocol agent, so one
 * client serves all three; ssh2 also accepts every one of these paths as its `agent` string.
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { CredentialError } from '../credentials';
import { AgentClient, type AgentIdentity } from './client';
import { PIPE_PREFIX } from './socket-path';

export type ExternalAgentKind = 'ssh-auth-sock' | 'openssh-windows' | 'pageant';

export interface ExternalAgent {
  kind: ExternalAgentKind;
  path: string;
}

/** Key types ssh2 can authenticate with (certificates and sk- keys are not usable here). */
const USABLE = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521))$/;

export function usableIdentities(ids: AgentIdentity[]): AgentIdentity[] {
  return ids.filter((id) => USABLE.test(id.keyType));
}

/**
 * Pageant ≥ 0.75 listens on `\\.\pipe\pageant.<user>.<suffix>`, where the suffix is a SHA-256 of
 * a string obfuscated with CryptProtectMemory (PuTTY's windows/utils/agent_named_pipe_name.c): it
 * cannot be recomputed without that Win32 call, so we look the pipe up by its prefix instead.
 * Windows only; not exercised by the Linux test suite.
 */
export async function findPageantPipe(
  username: string = os.userInfo().username,
  listPipes: () => Promise<string[]> = () => readdir(PIPE_PREFIX),
): Promise<string | undefined> {
  let names: string[];
  try {
    names = await listPipes();
  } catch {
    return undefined;
  }
  const prefix = `pageant.${username}.`.toLowerCase();
  const found = names.find(
    (n) => n.toLowerCase().startsWith(prefix) && /^[0-9a-f]{64}$/i.test(n.slice(prefix.length)),
  );
  return found ? `${PIPE_PREFIX}${found}` : undefined;
}

/** Candidate agents in the order an admin expects them to be tried. */
export async function externalAgents(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  pageant: () => Promise<string | undefined> = () => findPageantPipe(),
): Promise<ExternalAgent[]> {
  const out: ExternalAgent[] = [];
  if (env.SSH_AUTH_SOCK) out.push({ kind: 'ssh-auth-sock', path: env.SSH_AUTH_SOCK });
  if (platform === 'win32') {
    const pipe = await pageant();
    if (pipe) out.push({ kind: 'pageant', path: pipe });
    out.push({ kind: 'openssh-windows', path: `${PIPE_PREFIX}openssh-ssh-agent` });
  }
  return out;
}

export interface AgentProbe {
  path: string;
  reachable: boolean;
  keys: AgentIdentity[];
  usable: AgentIdentity[];
  error?: string;
}

export async function probeAgent(path: string, timeoutMs = 3_000): Promise<AgentProbe> {
  try {
    const keys = await new AgentClient(path, timeoutMs).list();
    return { path, reachable: true, keys, usable: usableIdentities(keys) };
  } catch (error) {
    return { path, reachable: false, keys: [], usable: [], error: (error as Error).message };
  }
}

/** The agent's path when it holds a usable key; otherwise the `agent-empty` cause. */
export async function requireUsableAgent(path: string): Promise<AgentProbe> {
  const probe = await probeAgent(path);
  if (!probe.reachable)
    throw new CredentialError(
      'agent-empty',
      `the SSH agent at ${path} is not running (${probe.error})`,
    );
  if (probe.usable.length === 0)
    throw new CredentialError(
      'agent-empty',
      probe.keys.length
        ? `the SSH agent at ${path} holds ${probe.keys.length} key(s), none usable (certificates or security keys)`
        : `the SSH agent at ${path} holds no key: add one (tunnelkeeper agent add, ssh-add or Pageant)`,
    );
  return probe;
}
