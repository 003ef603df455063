import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig, AnyAuthMethod, AuthHandlerMiddleware } from 'ssh2';
import { keyTypeOf, sha256Fingerprint } from '../auth/fingerprint';
import { SshConnection, type SshConnectFailure } from '../ssh/connection';
import { prepareHostKeyCheck } from '../auth/host-key';
import type { AttemptPhase, Classified } from '../tunnels/classify';
import { algorithmsFor } from '../tunnels/connect-config';
import { unbracket } from '../tunnels/proxy-client';
import { VERSION } from '../version';
import { budget, logLine, type DiagContext } from './context';
import type { CredentialState } from './credentials';

/** One credential offered to the server, and what the server said. */
export interface AuthAttempt {
  label: string;
  fingerprints: string[];
  result: 'rejected' | 'accepted' | 'partial' | 'not-offered';
  note?: string;
}

export interface SessionOutcome {
  /** Set when authentication succeeded: the forwards and targets checks use it. */
  client?: Client;
  phase: AttemptPhase;
  failure?: Classified;
  hostKey: {
    verdict: 'ok' | 'mismatch' | 'unknown' | 'pending';
    fingerprint?: string;
    keyType?: string;
    /** Accepted only because the policy is accept-new and nothing is recorded yet. */
    acceptedAsNew: boolean;
  };
  auth: {
    /** The server's list of methods that can continue (from its USERAUTH_FAILURE). */
    methodsAllowed?: string[];
    attempts: AuthAttempt[];
    partialSuccess: boolean;
    banner?: string;
  };
}

type Offer = { attempt: AuthAttempt; method: string; auth: () => AnyAuthMethod };

/** The credentials to offer, in the order the tunnel engine offers them (key file, agent). */
function offers(ctx: DiagContext, creds: CredentialState): Offer[] {
  const username = ctx.profile.user;
  const list: Offer[] = [];
  const key = creds.key?.loaded;
  if (key)
    list.push({
      method: 'publickey',
      attempt: {
        label: `key ${creds.key?.path}`,
        fingerprints: [key.fingerprint],
        result: 'rejected',
      },
      auth: () => ({ type: 'publickey', username, key: key.ssh2Key }),
    });
  const agent = creds.agent;
  if (agent?.status === 'ok' && agent.socket) {
    const socket = agent.socket;
    list.push({
      method: 'publickey',
      attempt: { label: `agent ${socket}`, fingerprints: agent.fingerprints, result: 'rejected' },
      auth: () => ({ type: 'agent', username, agent: socket }),
    });
  }
  const password = creds.password;
  if (password !== undefined)
    list.push({
      method: 'password',
      attempt: { label: 'stored password', fingerprints: [], result: 'rejected' },
      auth: () => ({ type: 'password', username, password }),
    });
  return list;
}

/**
 * Opens one ssh2 session the way the tunnel engine does (same host-key trust, same credentials)
 * and records what each step showed: the host key, the methods the server allows, each key offered.
 */
export async function openSession(
  ctx: DiagContext,
  creds: CredentialState,
  /** The stream through the proxy/jump hosts, when the profile has them. */
  sock?: Duplex,
): Promise<SessionOutcome> {
  const { profile } = ctx;
  const check = await prepareHostKeyCheck(unbracket(profile.host), profile.port, ctx.trust);
  const auth: SessionOutcome['auth'] = { attempts: [], partialSuccess: false };
  const queue = offers(ctx, creds);
  let current: AuthAttempt | undefined;

  const authHandler: AuthHandlerMiddleware = (left, partialSuccess, next) => {
    // ssh2 passes null before the first request (its typings say otherwise); later calls carry
    // the server's answer to the previous request ('none' first, to learn the list).
    const methodsLeft = left as string[] | null;
    // ssh2 ends authentication on next(false); its typings omit that form.
    const stop = () => (next as unknown as (value: false) => void)(false);
    if (methodsLeft) auth.methodsAllowed = methodsLeft;
    if (current && partialSuccess) {
      current.result = 'partial';
      auth.partialSuccess = true;
    }
    if (methodsLeft === null) return next({ type: 'none', username: profile.user });
    for (;;) {
      const offer = queue.shift();
      if (!offer) return stop();
      if (!methodsLeft.includes(offer.method)) {
        offer.attempt.result = 'not-offered';
        offer.attempt.note = `the server does not allow ${offer.method}`;
        auth.attempts.push(offer.attempt);
        continue;
      }
      current = offer.attempt;
      auth.attempts.push(offer.attempt);
      return next(offer.auth());
    }
  };

  const connection = new SshConnection({
    hostKey: check,
    // Diagnosing never records a host key: only the user (or the tunnel) trusts one.
    commitHostKey: false,
    hooks: { log: (_level, line) => logLine(ctx, line) },
  });
  const { client, phase } = connection;
  client.on('banner', (message: string) => (auth.banner = message.trim()));
  client.on('error', (error: Error) => logLine(ctx, `error: ${error.message}`));
  const config: ConnectConfig = {
    host: unbracket(profile.host),
    port: profile.port,
    username: profile.user,
    ident: `Tunnelkeeper_${VERSION}`,
    readyTimeout: budget(ctx, ctx.stepTimeoutMs),
    authHandler,
    debug: (line: string) => logLine(ctx, line),
  };
  if (sock) config.sock = sock as ConnectConfig['sock'];
  // As the tunnel engine does (tunnels/connect-config.ts): ask first for the key types we trust,
  // or a server with several host keys would show one we have never seen.
  const algorithms = algorithmsFor(profile.algorithms, check.knownTypes);
  if (algorithms) config.algorithms = algorithms;
  connection.connect(config);
  let failure: Classified | undefined;
  try {
    await connection.ready;
    if (current) current.result = 'accepted';
  } catch (error) {
    failure = (error as SshConnectFailure).classified;
    client.end();
  }
  const verdict = connection.verdict();
  const outcome: SessionOutcome = {
    client: failure ? undefined : client,
    phase: { ...phase },
    failure,
    hostKey: {
      verdict,
      fingerprint: connection.presentedKey ? sha256Fingerprint(connection.presentedKey) : undefined,
      keyType: connection.presentedKey ? keyTypeOf(connection.presentedKey) : undefined,
      acceptedAsNew:
        verdict === 'ok' && ctx.trust.pinned.length === 0 && check.knownTypes.length === 0,
    },
    auth,
  };
  return outcome;
}
