import { OpenSSHAgent } from 'ssh2';

/** Where the user's SSH agent listens: SSH_AUTH_SOCK, else Windows' OpenSSH agent pipe. */
export function defaultAgentPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SSH_AUTH_SOCK) return env.SSH_AUTH_SOCK;
  if (process.platform === 'win32') return '\\\\.\\pipe\\openssh-ssh-agent';
  return undefined;
}

/** How many keys the agent offers; throws when it cannot be reached. */
export function agentKeyCount(socketPath: string, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`SSH agent at ${socketPath} did not answer`)),
      timeoutMs,
    );
    new OpenSSHAgent(socketPath).getIdentities((error, keys) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(keys?.length ?? 0);
    });
  });
}
