/**
 * Which agent a tunnel should hand to ssh2, for credentials.ts: the built-in keyring (an agent
 * object, no socket involved) when the profile names it, else an external agent path that
 * holds a usable key. Throws CredentialError('agent-empty') otherwise.
 */
import type { BaseAgent } from 'ssh2';
import { CredentialError } from '../credentials';
import { externalAgents, requireUsableAgent } from './external';
import type { Keyring } from './keyring';
import { KeyringAgent } from './ssh2-agent';

/** The agentSocket value that names Tunnelkeeper's own agent (proposed schema convention). */
export const BUILTIN_AGENT = 'tunnelkeeper';

export interface ChosenAgent {
  agent: BaseAgent | string;
  describe: string;
  keys: number;
}

export async function chooseAgent(
  agentSocket: string | undefined,
  keyring: Keyring | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChosenAgent> {
  if (agentSocket === BUILTIN_AGENT || (!agentSocket && keyring && keyring.identities().length)) {
    const keys = keyring?.identities().length ?? 0;
    if (!keyring || keys === 0)
      throw new CredentialError(
        'agent-empty',
        'Tunnelkeeper’s agent holds no unlocked key: unlock one first',
      );
    return {
      agent: new KeyringAgent(keyring),
      describe: `Tunnelkeeper agent (${keys} keys)`,
      keys,
    };
  }
  const candidates = agentSocket ? [agentSocket] : (await externalAgents(env)).map((a) => a.path);
  let last: unknown = new CredentialError(
    'agent-empty',
    'no SSH agent is running (SSH_AUTH_SOCK is not set)',
  );
  for (const path of candidates) {
    try {
      const probe = await requireUsableAgent(path);
      return {
        agent: path,
        describe: `agent ${path} (${probe.usable.length} keys)`,
        keys: probe.usable.length,
      };
    } catch (error) {
      last = error;
    }
  }
  throw last;
}
