import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { type ClientChannel } from 'ssh2';
import type { Credentials } from '../auth/credentials';
import type { JumpHost } from '../config/profile';
import { SshConnection, type SshConnectFailure } from '../ssh/connection';
import { classifyError, type Classified } from './classify';
import { connectConfig } from './connect-config';
import type { LogLevel } from './events';
import { unbracket } from './proxy-client';
import type { EngineHostCheck } from './trust';

/**
 * One jump host of a chain: a full SSH session (own credentials, host-key check, keepalive)
 * whose only job is to open the `direct-tcpip` channel that carries the next hop. Its failures
 * are classified exactly like the final session's, then named after the hop by the chain.
 */
export class HopFailure extends Error {
  constructor(
    readonly classified: Classified,
    /** Which hop failed, e.g. "hop 1 (bastion:22)"; set by the chain. */
    readonly hop?: string,
  ) {
    super(classified.detail);
    this.name = 'HopFailure';
  }
}

export interface HopOptions {
  hop: JumpHost;
  credentials: Credentials;
  hostKey: EngineHostCheck;
  /** The stream to run over (previous hop's channel, or a proxy socket); TCP when absent. */
  sock?: Duplex;
  readyTimeoutMs: number;
  verbose: boolean;
  log(level: LogLevel, message: string): void;
  /** After `ready`: the hop's session ended (keepalive timeout, reset, server gone). */
  onLost(outcome: Classified): void;
  /** Called with the Client before connecting, so that a stop can end it mid-handshake. */
  onClient?(client: Client): void;
}

/** Resolves with the authenticated Client; rejects with a HopFailure (unlabelled). */
export async function connectHop(options: HopOptions): Promise<Client> {
  const { hop, credentials, hostKey, log } = options;
  const connection = new SshConnection({
    hostKey,
    hooks: {
      log,
      ready: () => log('info', `authenticated as ${hop.user} (${credentials.describe})`),
      // Reported at the first sign (an error comes before ssh2 closes the channels it carries),
      // so the final session's end already knows the hop was the cause.
      lost: (outcome) => options.onLost(outcome),
    },
  });
  options.onClient?.(connection.client);
  connection.connect(
    connectConfig(connection.client, hop, {
      credentials,
      hostKey,
      readyTimeoutMs: options.readyTimeoutMs,
      sock: options.sock,
      debug: options.verbose ? (message: string) => log('debug', message) : undefined,
    }),
  );
  try {
    return await connection.ready;
  } catch (error) {
    throw new HopFailure((error as SshConnectFailure).classified);
  }
}

/**
 * Opens the channel to the next hop. forwardOut has no timeout of its own (pitfalls.md).
 * OpenSSH answers reason 1 when forwarding is not permitted, 2 when the next host refused.
 */
export function openHopChannel(
  client: Client,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new HopFailure({
            cause: 'tcp-timeout',
            detail: `the jump host got no answer from ${host}:${port} in ${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
    try {
      client.forwardOut('127.0.0.1', 0, unbracket(host), port, (error, channel) => {
        clearTimeout(timer);
        if (!error) return resolve(channel);
        const reason = (error as Error & { reason?: number }).reason;
        const detail =
          reason === 1
            ? `the jump host does not permit forwarding to ${host}:${port} (AllowTcpForwarding/PermitOpen): ${error.message}`
            : `the jump host could not connect to ${host}:${port}: ${error.message}`;
        reject(
          new HopFailure({
            cause: reason === 1 || reason === 2 ? 'tcp-refused' : 'tcp-timeout',
            detail,
          }),
        );
      });
    } catch (error) {
      clearTimeout(timer);
      reject(new HopFailure(classifyError(error)));
    }
  });
}
