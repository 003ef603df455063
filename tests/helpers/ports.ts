import { readFileSync } from 'node:fs';
import net from 'node:net';

/** The kernel's range for source ports of outgoing connections (and for binds to port 0). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high) return [low, high];
  } catch {
    // not Linux: the IANA dynamic range
  }
  return [49152, 65535];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/**
 * A port that was free on 127.0.0.1 a moment ago, for something to bind later (a listener, sshd,
 * a remote forward). Chosen below the ephemeral range: a port from that range can be taken in
 * the meantime as the source port of any outgoing connection the parallel tests make, and the
 * later bind then fails (seen as a flaky "forward-refused").
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const bottom = 10_000;
  const top = Math.max(bottom + 1000, low - 1);
  for (let i = 0; i < 100; i++) {
    const port = bottom + Math.floor(Math.random() * (top - bottom));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found in ${bottom}-${top}`);
}

/** Resolves once something on host:port answers with `prefix` (e.g. an SSH banner). */
export async function waitForBanner(
  port: number,
  prefix: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let seen = '';
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(1000, () => done(false));
      socket.on('error', () => done(false));
      socket.on('data', (chunk) => {
        seen += chunk.toString('latin1');
        if (seen.startsWith(prefix)) done(true);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing answered "${prefix}" on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `count` distinct ports that were free on 127.0.0.1 a moment ago (see freePort). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
