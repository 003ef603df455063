import { chmodSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import type { TunnelService } from '../service';
import { controlEndpoint } from './paths';

/**
 * A running `up`'s local control endpoint: newline-delimited JSON, one request per connection.
 * `{"cmd":"status"}` → snapshot; `{"cmd":"nudge"}` → retry waiting tunnels now.
 * User-only: the socket lives in a 0700 folder and is itself 0600.
 */
export interface ControlInfo {
  pid: number;
  startedAt: string;
  config?: string;
}

export interface ControlServer {
  endpoint: string;
  close(): Promise<void>;
}

export async function startControlServer(
  service: TunnelService,
  info: Omit<ControlInfo, 'pid' | 'startedAt'> = {},
): Promise<ControlServer> {
  const endpoint = controlEndpoint(service.runtimeDir);
  const startedAt = new Date().toISOString();
  if (process.platform !== 'win32') {
    try {
      unlinkSync(endpoint); // a leftover of a crashed process with our pid
    } catch {
      // none
    }
  }
  const server = net.createServer((socket) => {
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (buffer.length > 64 * 1024) return socket.destroy();
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      let reply: unknown;
      try {
        const request = JSON.parse(buffer.slice(0, newline)) as { cmd?: string; profile?: string };
        if (request.cmd === 'status')
          reply = { ok: true, pid: process.pid, startedAt, ...info, tunnels: service.list() };
        else if (request.cmd === 'nudge') {
          service.nudge(request.profile);
          reply = { ok: true };
        } else reply = { ok: false, error: `unknown command ${String(request.cmd)}` };
      } catch {
        reply = { ok: false, error: 'bad request' };
      }
      socket.end(`${JSON.stringify(reply)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(endpoint, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') chmodSync(endpoint, 0o600);
  return {
    endpoint,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
      }),
  };
}
