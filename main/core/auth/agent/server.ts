/**
 * Serves the keyring as an OpenSSH-compatible agent (Unix socket, or a named pipe on Windows),
 * so ssh, git and scp can use keys unlocked in Tunnelkeeper. Off unless started explicitly.
 */
import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import { handleAgentMessage, type AgentEvent } from './handler';
import type { Keyring } from './keyring';
import { checkServeName, isWindowsPipe, prepareSocketDir } from './socket-path';
import { FrameDecoder } from './wire';

export interface ServedAgent {
  socket: string;
  close(): Promise<void>;
}

function alive(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socket);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

export async function serveAgent(
  keyring: Keyring,
  socket: string,
  onEvent?: (event: AgentEvent) => void,
): Promise<ServedAgent> {
  checkServeName(socket);
  await prepareSocketDir(socket);
  if (!isWindowsPipe(socket)) {
    if (await alive(socket)) throw new Error(`an agent already listens on ${socket}`);
    await unlink(socket).catch(() => undefined); // a stale socket from a crashed run
  }
  const connections = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => conn.destroy());
    const decoder = new FrameDecoder();
    conn.on('data', (chunk: Buffer) => {
      try {
        for (const msg of decoder.push(chunk))
          conn.write(handleAgentMessage(keyring, msg, onEvent));
      } catch {
        conn.destroy(); // framing error: the peer is not speaking the agent protocol
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!isWindowsPipe(socket)) await chmod(socket, 0o600);
  return {
    socket,
    close: async () => {
      for (const conn of connections) conn.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!isWindowsPipe(socket)) await unlink(socket).catch(() => undefined);
    },
  };
}
