import http from 'node:http';
import net from 'node:net';
import { writeFileAtomic } from '../fs/write-atomic';
import type { EngineMetrics } from './metrics';

/**
 * Where the metrics go: `/metrics` over HTTP on the address the admin gave (loopback unless
 * asked otherwise, and then with a warning), and/or a `.prom` file rewritten atomically for
 * windows_exporter's textfile collector. Neither ever stops the engine: a bad address or a port
 * in use turns the metrics off and says why; the tunnels run on.
 */
export interface MetricsOutput {
  close(): Promise<void>;
}

export function parseListenAddress(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`"${text}" is not host:port (e.g. 127.0.0.1:9469 or [::1]:9469)`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));

export async function serveMetrics(
  address: string,
  metrics: EngineMetrics,
  log: (message: string) => void,
): Promise<MetricsOutput | undefined> {
  let where: { host: string; port: number };
  try {
    where = parseListenAddress(address);
  } catch (error) {
    log(`metrics are off: ${(error as Error).message}`);
    return undefined;
  }
  if (!isLoopback(where.host))
    log(
      `warning: metrics listen on ${where.host}, not loopback: anyone who can reach it sees the tunnel names and traffic`,
    );
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
      response.writeHead(404).end('not found: try /metrics\n');
      return;
    }
    metrics.text().then(
      (body) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
      (error: Error) => response.writeHead(500).end(`${error.message}\n`),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(where.port, where.host, () => resolve());
    });
  } catch (error) {
    log(`metrics are off: cannot listen on ${address}: ${(error as Error).message}`);
    return undefined;
  }
  const bound = server.address() as net.AddressInfo;
  log(
    `metrics at http://${address.startsWith('[') ? `[${bound.address}]` : bound.address}:${bound.port}/metrics`,
  );
  return { close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The same text in a file, for windows_exporter's textfile collector (*.prom). */
export function writeMetricsFile(
  file: string,
  metrics: EngineMetrics,
  log: (message: string) => void,
  everyMs = 15_000,
): MetricsOutput {
  let failing = false;
  const write = async () => {
    try {
      await writeFileAtomic(file, await metrics.text(), { mode: 0o644 });
      failing = false;
    } catch (error) {
      if (!failing) log(`metrics file ${file} not written: ${(error as Error).message}`);
      failing = true;
    }
  };
  void write();
  const timer = setInterval(() => void write(), everyMs);
  timer.unref();
  return {
    close: async () => {
      clearInterval(timer);
      await write();
    },
  };
}
