import { unlinkSync } from 'node:fs';
import net from 'node:net';
import type { TunnelSnapshot } from '../tunnels/events';
import { listControlEndpoints } from './paths';
import type { ControlInfo } from './server';

export interface ProcessStatus extends ControlInfo {
  tunnels: TunnelSnapshot[];
}

export function request<T>(endpoint: string, body: object, timeoutMs = 3_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(endpoint);
    let data = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('no answer')));
    socket.on('connect', () => socket.write(`${JSON.stringify(body)}\n`));
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(data) as T);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

/** Asks every running `up` of this user; endpoints left by dead processes are cleaned up. */
export async function queryStatus(runtimeDir: string): Promise<ProcessStatus[]> {
  const endpoints = listControlEndpoints(runtimeDir);
  const results = await Promise.all(
    endpoints.map(async (endpoint) => {
      try {
        const reply = await request<ProcessStatus & { ok: boolean }>(endpoint, { cmd: 'status' });
        return reply.ok ? reply : undefined;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if ((code === 'ECONNREFUSED' || code === 'ENOENT') && process.platform !== 'win32') {
          try {
            unlinkSync(endpoint);
          } catch {
            // gone already
          }
        }
        return undefined;
      }
    }),
  );
  return results
    .filter((r): r is ProcessStatus & { ok: boolean } => r !== undefined)
    .map(({ ok: _ok, ...rest }) => rest);
}
