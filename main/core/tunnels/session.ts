import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type TcpConnectionDetails } from 'ssh2';
import type { Forward, Profile } from '../config/profile';
import type { Credentials } from '../auth/credentials';
import { backoffDelay } from './backoff';
import { hasChain, targetLabel, type Chain } from './chain';
import { classifyError, classifyQuietClose, type AttemptPhase, type Classified } from './classify';
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
  authenticating(): void;
  ready(): void;
  forwardChanged(forward: Forward, state: ForwardState, retryInMs?: number): void;
  connection(forward: Forward, active: number, failure?: Classified): void;
  log(level: LogLevel, message: string): void;
}

export interface SessionEnd {
  outcome: Classified;
  readyAt?: number;
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

export class Session {
  private client: Client | undefined;
  private readonly runtimes = new Map<string, ForwardRuntime>();
  readonly forwardStates = new Map<string, ForwardState>();
  private ended = false;
  private stopping = false;
  private readonly retryTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly deps: SessionDeps) {
    for (const f of deps.profile.forwards)
      this.forwardStates.set(f.id, {
        status: 'closed',
        bindAddress: f.bindAddress,
        bindPort: f.bindPort,
      });
  }

  /** Opens the chain (if any), then the final session over it; always closes the chain after. */
  async run(): Promise<SessionEnd> {
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

  private connect(sock: Duplex | undefined): Promise<SessionEnd> {
    const { profile, credentials, hostKey, hooks, chain } = this.deps;
    const phase: AttemptPhase = { tcpConnected: false, handshakeDone: false, ready: false };
    const client = new Client();
    this.client = client;
    let outcome: Classified | undefined;
    let readyAt: number | undefined;

    return new Promise<SessionEnd>((resolve) => {
      // Listeners go on before connect(): one attempt can emit several errors; `close` is final.
      client.on('connect', () => {
        phase.tcpConnected = true;
        // Small forwarded writes (license checkouts, request/response) must not wait for Nagle.
        client.setNoDelay(true);
        hooks.log(
          'debug',
          `${sock ? 'through the chain' : 'TCP'} connected to ${profile.host}:${profile.port}`,
        );
        // Keep the first bytes so a quiet close can say what answered (ssh2 does not expose
        // pre-identification text when no identification follows). `_sock` is ssh2's socket.
        const socket = (client as unknown as { _sock?: NodeJS.EventEmitter })._sock;
        socket?.once('data', (chunk: Buffer) => {
          if (!phase.handshakeDone) phase.preBanner = chunk.subarray(0, 256).toString('latin1');
        });
      });
      client.on('handshake', (negotiated) => {
        phase.handshakeDone = true;
        hooks.log(
          'info',
          `handshake done (${negotiated.kex}, ${negotiated.cs.cipher}); host key ${hostKey.presented() ?? '?'}`,
        );
        hooks.authenticating();
      });
      client.on('ready', () => {
        phase.ready = true;
        readyAt = Date.now();
        hooks.log('info', `authenticated as ${profile.user} (${credentials.describe})`);
        hostKey
          .commit()
          .catch((error: Error) =>
            hooks.log('warn', `could not record the host key: ${error.message}`),
          );
        hooks.ready();
        this.startForwards();
      });
      client.on('error', (error) => {
        const v = hostKey.verdict();
        if (v === 'mismatch' || v === 'unknown') phase.hostKeyVerdict = v;
        const classified = classifyError(error, phase);
        if (!this.stopping) hooks.log('warn', `${classified.cause}: ${error.message}`);
        outcome ??= classified;
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
      client.on('close', () => {
        this.teardown();
        const v = hostKey.verdict();
        if (v === 'mismatch' || v === 'unknown') phase.hostKeyVerdict = v;
        let final = outcome ?? classifyQuietClose(phase);
        // A refused key shows up as a generic verification failure: say which.
        if (
          phase.hostKeyVerdict &&
          (final.cause === 'hostkey-mismatch' || final.cause === 'hostkey-unknown')
        )
          final = classifyError(new Error('Host denied (verification failed)'), phase);
        if (final.cause === 'hostkey-mismatch' || final.cause === 'hostkey-unknown') {
          const why = hostKey.explain?.();
          final = {
            ...final,
            detail: `${final.detail}: the server presented ${hostKey.presented() ?? 'an unknown key'}${why ? `; ${why}` : ''}`,
          };
        }
        // A dead hop ends the final session too: the hop is the cause worth reporting.
        if (chain.lost) final = chain.lost;
        else if (hasChain(profile))
          final = { ...final, detail: `${targetLabel(profile)}: ${final.detail}` };
        resolve({ outcome: final, readyAt });
      });

      chain.onLost = () => client.destroy();
      const config = connectConfig(client, profile, {
        credentials,
        hostKey,
        readyTimeoutMs: Math.round(profile.reconnect.readyTimeoutSeconds * 1000),
        sock,
        debug: profile.verbose ? (message: string) => hooks.log('debug', message) : undefined,
      });
      try {
        client.connect(config);
      } catch (error) {
        outcome = classifyError(error, phase);
        this.teardown();
        resolve({ outcome });
      }
    });
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
      const delay = backoffDelay(failures, {
        minMs: profile.reconnect.minDelaySeconds * 1000,
        maxMs: profile.reconnect.maxDelaySeconds * 1000,
      });
      const state: ForwardState = {
        status: 'failed',
        cause,
        detail,
        bindAddress: forward.bindAddress,
        bindPort: forward.bindPort,
      };
      this.forwardStates.set(forward.id, state);
      hooks.log('warn', `forward ${forward.id}: ${cause}: ${detail}; retrying in ${delay} ms`);
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
    const where = `${f.bindAddress}:${f.bindPort}`;
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
        bindAddress: forward.bindAddress,
        bindPort: forward.bindPort,
      };
      this.forwardStates.set(forward.id, state);
      if (previous && previous.status !== 'closed') this.deps.hooks.forwardChanged(forward, state);
    }
  }
}
