import type { Duplex } from 'node:stream';
import { bindAddressOf } from '../config/schema';
import type { Client, ClientChannel, TcpConnectionDetails } from 'ssh2';
import type { Forward, Profile } from '../config/profile';
import type { Credentials } from '../auth/credentials';
import { backoffDelay } from './backoff';
import { hasChain, targetLabel, type Chain } from './chain';
import { SshConnection, type SshEnd } from '../ssh/connection';
import { KeepaliveRtt } from '../ssh/keepalive-rtt';
import { classifyError, type Classified } from './classify';
import { connectConfig } from './connect-config';
import type { ForwardCounters, ForwardStatus, LogLevel } from './events';
import { createForward, RemoteForwardRuntime, type ForwardRuntime } from './forwards';
import { HopFailure } from './hop';
import type { EngineHostCheck } from './trust';

/**
 * One connection attempt of one profile: a fresh ssh2 Client (a Client is unusable after a fatal
 * error), its forwards bound after `ready` and re-bound with backoff while the session stays up.
 * Ends when the Client closes; the supervisor decides what happens next.
 */
export interface ForwardState {
  status: ForwardStatus;
  cause?: Classified['cause'];
  detail?: string;
  bindAddress: string;
  bindPort: number;
}

export interface SessionHooks {
  /** The first key exchange is done: authentication begins. */
  authenticating(): void;
  /** A later key exchange on the live session: the state must not change. */
  rekey(): void;
  ready(): void;
  forwardChanged(forward: Forward, state: ForwardState, retryInMs?: number): void;
  connection(forward: Forward, active: number, failure?: Classified): void;
  log(level: LogLevel, message: string): void;
}

export interface SessionDeps {
  profile: Profile;
  credentials: Credentials;
  hostKey: EngineHostCheck;
  /** Proxy and jump hosts before the profile's host (empty for a direct connection). */
  chain: Chain;
  counters: Map<string, ForwardCounters>;
  /** Forward ids that were bound in an earlier session of this run (for refusal advice). */
  previouslyBound: ReadonlySet<string>;
  hooks: SessionHooks;
}

/** The longest wait between two binds of a forward while the session is up. */
export const FORWARD_RETRY_CAP_MS = 2_500;

export class Session {
  private client: Client | undefined;
  private readonly runtimes = new Map<string, ForwardRuntime>();
  readonly forwardStates = new Map<string, ForwardState>();
  private ended = false;
  private stopping = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly rtt = new KeepaliveRtt();

  constructor(private readonly deps: SessionDeps) {
    for (const f of deps.profile.forwards)
      this.forwardStates.set(f.id, {
        status: 'closed',
        bindAddress: bindAddressOf(f),
        bindPort: f.bindPort,
      });
  }

  /** Opens the chain (if any), then the final session over it; always closes the chain after. */
  async run(): Promise<SshEnd> {
    const { chain } = this.deps;
    let sock: Duplex | undefined;
    try {
      sock = await chain.open();
    } catch (error) {
      chain.close();
      if (error instanceof HopFailure) return { outcome: error.classified };
      return { outcome: classifyError(error) };
    }
    if (this.stopping) {
      chain.close();
      sock?.destroy();
      return { outcome: { cause: 'unknown', detail: 'stopped' } };
    }
    try {
      return await this.connect(sock);
    } finally {
      chain.close();
    }
  }

  private async connect(sock: Duplex | undefined): Promise<SshEnd> {
    const { profile, credentials, hostKey, hooks, chain } = this.deps;
    const connection = new SshConnection({
      hostKey,
      hooks: {
        log: hooks.log,
        handshake: () => hooks.authenticating(),
        rekey: () => hooks.rekey(),
        ready: () => {
          hooks.log('info', `authenticated as ${profile.user} (${credentials.describe})`);
          hooks.ready();
          this.rtt.install(client);
          this.startForwards();
        },
      },
    });
    const client = connection.client;
    this.client = client;
    client.on('connect', () =>
      hooks.log(
        'debug',
        `${sock ? 'through the chain' : 'TCP'} connected to ${profile.host}:${profile.port}`,
      ),
    );
    client.on('error', (error) => {
      if (!this.stopping)
        hooks.log(
          'warn',
          `${connection.phase.ready ? 'session' : 'attempt'} error: ${error.message}`,
        );
    });
    client.on(
      'tcp connection',
      (info: TcpConnectionDetails, accept: () => ClientChannel, reject: () => void) => {
        const runtime = [...this.runtimes.values()].find(
          (r): r is RemoteForwardRuntime =>
            r instanceof RemoteForwardRuntime && r.bound?.port === info.destPort,
        );
        if (runtime) runtime.handle(info, accept, reject);
        else reject();
      },
    );
    client.on('close', () => this.teardown());
    chain.onLost = () => client.destroy();
    connection.connect(
      connectConfig(client, profile, {
        credentials,
        hostKey,
        readyTimeoutMs: Math.round(profile.reconnect.readyTimeoutSeconds * 1000),
        sock,
        debug: profile.verbose ? (message: string) => hooks.log('debug', message) : undefined,
      }),
    );
    const end = await connection.closed;
    this.teardown();
    // A dead hop ends the final session too: the hop is the cause worth reporting.
    if (chain.lost) return { ...end, outcome: chain.lost };
    if (hasChain(profile))
      return {
        ...end,
        outcome: { ...end.outcome, detail: `${targetLabel(profile)}: ${end.outcome.detail}` },
      };
    return end;
  }

  /** The last keepalive's round trip in seconds (undefined before the first reply). */
  get keepaliveRttSeconds(): number | undefined {
    return this.rtt.seconds;
  }

  /** Closes the session on purpose (stop, or the supervisor giving up on it). */
  stop(): void {
    this.stopping = true;
    this.deps.chain.close();
    this.teardown();
    this.client?.end();
    // A frozen link never completes a graceful end; do not wait for it.
    const client = this.client;
    setTimeout(() => client?.destroy(), 2000).unref();
  }

  private startForwards(): void {
    const { profile, counters, hooks } = this.deps;
    const client = this.client!;
    for (const forward of profile.forwards) {
      const runtime = createForward(forward, {
        client,
        counters: counters.get(forward.id)!,
        openTimeoutMs: 10_000,
        onConnection: (active, failure) => {
          if (failure)
            hooks.log('warn', `forward ${forward.id}: ${failure.cause}: ${failure.detail}`);
          hooks.connection(forward, active, failure);
        },
        log: hooks.log,
      });
      this.runtimes.set(forward.id, runtime);
      void this.bindWithRetry(runtime, 1);
    }
  }

  private async bindWithRetry(runtime: ForwardRuntime, failures: number): Promise<void> {
    const { profile, hooks } = this.deps;
    const forward = runtime.forward;
    try {
      const bound = await runtime.bind();
      if (this.ended) return;
      const state: ForwardState = {
        status: 'listening',
        bindAddress: bound.address,
        bindPort: bound.port,
      };
      this.forwardStates.set(forward.id, state);
      hooks.log(
        'info',
        `forward ${forward.id} listening on ${forward.type === 'remote' ? 'server ' : ''}${bound.address}:${bound.port}`,
      );
      hooks.forwardChanged(forward, state);
    } catch (error) {
      if (this.ended) return;
      const classified = classifyError(error, {
        tcpConnected: true,
        handshakeDone: true,
        ready: true,
      });
      let { cause, detail } = classified;
      if (forward.type === 'remote') {
        cause = 'forward-refused';
        detail = await this.explainRefusal(runtime as RemoteForwardRuntime, detail);
        if (this.ended) return;
      } else if (cause !== 'local-port-in-use') {
        cause = 'local-port-in-use';
      }
      // A re-bind is one request on a live session, not a new login: it may be tried often, and
      // must be, or a port freed by the server's ClientAlive check stays unused for minutes.
      const delay = backoffDelay(failures, {
        minMs: profile.reconnect.minDelaySeconds * 1000,
        maxMs: Math.min(profile.reconnect.maxDelaySeconds * 1000, FORWARD_RETRY_CAP_MS),
      });
      const state: ForwardState = {
        status: 'failed',
        cause,
        detail,
        bindAddress: bindAddressOf(forward),
        bindPort: forward.bindPort,
      };
      const previous = this.forwardStates.get(forward.id);
      const news = previous?.status !== 'failed' || previous.detail !== detail;
      this.forwardStates.set(forward.id, state);
      // Said once at warn; the same refusal every few seconds is debug, not news.
      hooks.log(
        news ? 'warn' : 'debug',
        `forward ${forward.id}: ${cause}: ${detail}; retrying in ${delay} ms`,
      );
      hooks.forwardChanged(forward, state, delay);
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        if (!this.ended) void this.bindWithRetry(runtime, failures + 1);
      }, delay);
      this.retryTimers.add(timer);
    }
  }

  /** OpenSSH refuses a bind with a bare failure: find out which refusal it probably is. */
  private async explainRefusal(runtime: RemoteForwardRuntime, raw: string): Promise<string> {
    const f = runtime.forward;
    const where = `${bindAddressOf(f)}:${f.bindPort}`;
    const permitted = await runtime.probePermitted();
    if (!permitted)
      return `the server refused to listen on ${where}: it does not permit remote forwarding for this account (AllowTcpForwarding/PermitListen) (${raw})`;
    if (this.deps.previouslyBound.has(f.id))
      return `the server refused to listen on ${where}: the port is still held, most likely by our previous session that the server has not noticed dead yet (it frees when the server's ClientAlive check drops it) (${raw})`;
    return `the server refused to listen on ${where}: the port is in use on the server (another tunnel or program holds it) (${raw})`;
  }

  private teardown(): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const runtime of this.runtimes.values()) runtime.close();
    this.runtimes.clear();
    for (const forward of this.deps.profile.forwards) {
      const previous = this.forwardStates.get(forward.id);
      const state: ForwardState = {
        status: 'closed',
        bindAddress: bindAddressOf(forward),
        bindPort: forward.bindPort,
      };
      this.forwardStates.set(forward.id, state);
      if (previous && previous.status !== 'closed') this.deps.hooks.forwardChanged(forward, state);
    }
  }
}
