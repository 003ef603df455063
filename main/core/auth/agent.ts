/** Where the user's SSH agent listens: SSH_AUTH_SOCK, else Windows' OpenSSH agent pipe. */
export function defaultAgentPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SSH_AUTH_SOCK) return env.SSH_AUTH_SOCK;
  if (process.platform === 'win32') return '\\\\.\\pipe\\openssh-ssh-agent';
  return undefined;
}
