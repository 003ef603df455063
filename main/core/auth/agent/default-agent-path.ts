/**
 * The one agent path to try when a profile names none, without probing anything (diagnostics
 * reports on it): SSH_AUTH_SOCK, else Windows' OpenSSH agent pipe. Tunnels choose among all
 * candidates, Pageant included, with externalAgents() (external.ts).
 */
export function defaultAgentPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SSH_AUTH_SOCK) return env.SSH_AUTH_SOCK;
  if (process.platform === 'win32') return '\\\\.\\pipe\\openssh-ssh-agent';
  return undefined;
}
