import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig } from 'ssh2';
import type { Credentials } from '../auth/credentials';
import { passwordAuth } from '../auth/secrets/password-auth';
import { ALGORITHM_TABLE, resolveAlgorithms, type AlgorithmSpec } from '../config/algorithms';
import { VERSION } from '../version';
import { unbracket } from './proxy-client';
import type { EngineHostCheck } from './trust';

export interface Endpoint {
  host: string;
  port: number;
  user: string;
  keepalive: { intervalSeconds: number; countMax: number };
  algorithms?: AlgorithmSpec;
}

/**
 * The algorithm lists to hand ssh2: the profile's overrides (validated when the config was
 * read), with the host-key types already trusted for this host first, so that a server with
 * several host keys presents the one we know. Undefined: ssh2's defaults as they are.
 */
export function algorithmsFor(
  spec: AlgorithmSpec | undefined,
  knownTypes: readonly string[],
): ConnectConfig['algorithms'] {
  const lists = resolveAlgorithms(spec);
  const hostKeys = lists.serverHostKey ?? [...ALGORITHM_TABLE.serverHostKey.defaults];
  // A trusted RSA key is asked for with SHA-2 signatures first (ssh-rsa means SHA-1).
  const wanted = knownTypes.flatMap((t) =>
    t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t],
  );
  // Without an override a trusted type outside the defaults (ssh-dss) is still asked for.
  const known = [...new Set(wanted)].filter((t) => !lists.serverHostKey || hostKeys.includes(t));
  if (known.length) lists.serverHostKey = [...known, ...hostKeys.filter((t) => !known.includes(t))];
  return Object.keys(lists).length ? (lists as ConnectConfig['algorithms']) : undefined;
}

/**
 * ssh2's options for one connection, the same for the final host and every jump host (the host
 * key verifier is installed by the SSH lifecycle, ssh/connection.ts): keepalive on, credentials, and (over a chain) the previous hop's channel as socket.
 */
export function connectConfig(
  client: Client,
  endpoint: Endpoint,
  parts: {
    credentials: Credentials;
    hostKey: EngineHostCheck;
    readyTimeoutMs: number;
    sock?: Duplex;
    debug?: (message: string) => void;
  },
): ConnectConfig {
  const { credentials, hostKey } = parts;
  const config: ConnectConfig = {
    host: unbracket(endpoint.host),
    port: endpoint.port,
    username: endpoint.user,
    ident: `Tunnelkeeper_${VERSION}`,
    keepaliveInterval: Math.round(endpoint.keepalive.intervalSeconds * 1000),
    keepaliveCountMax: endpoint.keepalive.countMax,
    readyTimeout: parts.readyTimeoutMs,
    tryKeyboard: false,
  };
  if (parts.sock) config.sock = parts.sock as ConnectConfig['sock'];
  if (credentials.privateKey) config.privateKey = credentials.privateKey;
  if (credentials.agent) config.agent = credentials.agent;
  if (credentials.password) {
    // Servers that disable "password" often take the same one through keyboard-interactive.
    const auth = passwordAuth(credentials.password);
    Object.assign(config, auth.config);
    client.on('keyboard-interactive', auth.onKeyboardInteractive);
  }
  const algorithms = algorithmsFor(endpoint.algorithms, hostKey.knownTypes);
  if (algorithms) config.algorithms = algorithms;
  if (parts.debug) config.debug = parts.debug;
  return config;
}
