import type { Client } from 'ssh2';

/** Small promise wrappers over ssh2 with the timeouts ssh2 lacks (pitfalls.md: forwardOut has none). */

export function forwardIn(
  client: Client,
  address: string,
  port: number,
  timeoutMs: number,
): Promise<{ ok: true; port: number } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, error: 'no answer' }), timeoutMs);
    try {
      client.forwardIn(address, port, (error, bound) => {
        clearTimeout(timer);
        resolve(error ? { ok: false, error: error.message } : { ok: true, port: bound });
      });
    } catch (error) {
      clearTimeout(timer);
      resolve({ ok: false, error: (error as Error).message });
    }
  });
}

export function unforwardIn(
  client: Client,
  address: string,
  port: number,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    try {
      client.unforwardIn(address, port, () => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** RFC 4254 §5.1: 1 = administratively prohibited, 2 = connect failed. */
export type OpenResult =
  | { ok: true }
  | { ok: false; reason: 'prohibited' | 'connect-failed' | 'timeout' | 'other'; error: string };

/** Asks the server to connect to host:port (direct-tcpip) and closes the channel at once. */
export function forwardOutProbe(
  client: Client,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<OpenResult> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, reason: 'timeout', error: `no answer in ${timeoutMs} ms` }),
      timeoutMs,
    );
    try {
      client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        clearTimeout(timer);
        if (!error) {
          channel.on('error', () => undefined);
          channel.close();
          resolve({ ok: true });
          return;
        }
        const code = (error as Error & { reason?: number }).reason;
        resolve({
          ok: false,
          reason: code === 1 ? 'prohibited' : code === 2 ? 'connect-failed' : 'other',
          error: error.message,
        });
      });
    } catch (error) {
      clearTimeout(timer);
      resolve({ ok: false, reason: 'other', error: (error as Error).message });
    }
  });
}
