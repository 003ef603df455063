/** The built-in agent (Pageant replacement), its server, and clients for external agents. */
export { AgentClient, AgentClientError, type AgentIdentity } from './client';
export { defaultAgentPath } from './default-agent-path';
export {
  externalAgents,
  findPageantPipe,
  probeAgent,
  requireUsableAgent,
  usableIdentities,
  type AgentProbe,
  type ExternalAgent,
} from './external';
export type { AgentEvent } from './handler';
export { AgentError, Keyring, type AgentKeyInfo, type KeyringOptions } from './keyring';
export { serveAgent, type ServedAgent } from './server';
export { checkServeName, defaultServeSocket, isWindowsPipe } from './socket-path';
export { KeyringAgent } from './ssh2-agent';
export { BUILTIN_AGENT, chooseAgent, type ChosenAgent } from './for-profile';
export { unlockAtStart, type StartupKey, type StartupResult } from './startup';
