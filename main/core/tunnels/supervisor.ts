import net from 'node:net';
import { bindAddressOf } from '../config/schema';
import type { Profile } from '../config/profile';
import { CredentialError, gatherCredentials, type SecretResolver } from '../auth/credentials';
import type { Keyring } from '../auth/agent/keyring';
import type { TofuGate } from '../auth/trust/tofu';
import type { TunnelLog } from '../logging/tunnel-log';
import { AuthRateLimit, backoffDelay } from './backoff';
import { Chain, firstHop } from './chain';
import { classifyError, NETWORK_CAUSES, PERMANENT_CAUSES, type Classified } from './classify';
import { isUp, step, type TunnelInput, type TunnelState } from '../../../contract/tunnel-state';
import {
  newCounters,
  type ForwardCounters,
  type TunnelEvent,
  type TunnelSnapshot,
  type Unstamped,
} from './events';
import { unbracket } from './proxy-client';
import { Session, type ForwardState } from './session';
import { prepareTrust } from './trust';

/**
 * Runs one profile through the tunnel state machine (contract/tunnel-state.ts): it turns what
 * happens to the attempts and the session into the machine's inputs and owns the retry policy
 * (backoff with jitter, a cap, reset after a stable period; slow retries after auth rejections;
 * none for causes only a person can fix). It never sets a state itself: every change goes
 * through `apply`, which the table may refuse.
 */
export interface SupervisorOptions {
  emit: (event: TunnelEvent) => void;
  log: TunnelLog;
  knownHostsFile?: string;
  resolveSecret?: SecretResolver;
  /** The service's built-in agent (keys unlocked once, used by every tunnel that names them). */
  keyring?: Keyring;
  /** The service's TOFU gate per known_hosts file (policy `ask`). */
  tofu?: (knownHostsFile: string) => TofuGate;
  /** How often to test whether a refusing server is back (cheap TCP connect). */
  probeIntervalMs?: number;
  random?: () => number;
}

export class TunnelSupervisor {
  private current: TunnelState = { name: 'stopped' };
  /** When the state (or what it carries) last changed. */
  private since = Date.now();
  private failures = 0;
  private authRejections = 0;
  private readonly auth = new AuthRateLimit();
  private readonly counters = new Map<string, ForwardCounters>();
  private readonly previouslyBound = new Set<string>();
  private session: Session | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly profile: Profile,
    private readonly options: SupervisorOptions,
  ) {
    for (const f of profile.forwards) this.counters.set(f.id, newCounters());
  }

  get state(): TunnelState {
    return this.current;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.failures = 0;
    this.apply({ type: 'start' });
    this.loop = this.run().finally(() => {
      this.loop = undefined;
    });
  }

  /** Retry now (network back, machine resumed). Never overrides `failed` or the auth limit. */
  nudge(): void {
    const s = this.current;
    if (s.name !== 'waiting') return;
    if (s.cause === 'auth-rejected' && this.auth.nextAllowed(Date.now()) > Date.now()) return;
    this.log('info', 'nudged: retrying now');
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.session?.stop();
    await this.loop;
    if (this.current.name !== 'stopped') this.apply({ type: 'stop' });
  }

  snapshot(): TunnelSnapshot {
    const states = this.sessionForwardStates();
    const s = this.current;
    const rtt = isUp(s.name) ? this.session?.keepaliveRttSeconds : undefined;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      profile: this.profile.id,
      name: this.profile.name,
      state: s.name,
      ...('cause' in s ? { cause: s.cause, detail: s.detail } : {}),
      attempt: this.failures + 1,
      ...(s.name === 'waiting' ? { retryAt: iso(s.retryAt) } : {}),
      since: iso(this.since),
      ...('since' in s ? { connectedSince: iso(s.since) } : {}),
      ...(rtt !== undefined ? { keepaliveRttSeconds: rtt } : {}),
      forwards: this.profile.forwards.map((f) => {
        const s = states.get(f.id);
        return {
          id: f.id,
          type: f.type,
          ...(f.label ? { label: f.label } : {}),
          status: s?.status ?? 'closed',
          ...(s?.cause ? { cause: s.cause } : {}),
          ...(s?.detail ? { detail: s.detail } : {}),
          bindAddress: s?.bindAddress ?? bindAddressOf(f),
          bindPort: s?.bindPort ?? f.bindPort,
          ...(f.type !== 'dynamic' ? { target: `${f.targetHost}:${f.targetPort}` } : {}),
          counters: { ...this.counters.get(f.id)! },
        };
      }),
    };
  }

  private sessionForwardStates(): Map<string, ForwardState> {
    return this.session?.forwardStates ?? new Map();
  }

  private emit(event: Unstamped<TunnelEvent>): void {
    this.options.emit({
      ...event,
      ts: new Date().toISOString(),
      profile: this.profile.id,
    } as TunnelEvent);
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.options.log.write(level, message);
  }

  /** The only way the state changes: through the table, refused (and reported) if not in it. */
  private apply(input: TunnelInput): void {
    const result = step(this.current, input);
    if (!result.ok) {
      this.log('error', `internal error, please report: refused ${result.reason}`);
      return;
    }
    this.current = result.next;
    if (!result.changed) return;
    this.since = Date.now();
    const s = result.next;
    const cause = 'cause' in s ? s.cause : undefined;
    const detail = 'detail' in s ? s.detail : undefined;
    const retryInMs = input.type === 'lost' ? input.retryInMs : undefined;
    const attempt = 'attempt' in s ? s.attempt : undefined;
    this.log(
      s.name === 'failed'
        ? 'error'
        : s.name === 'waiting' || s.name === 'degraded'
          ? 'warn'
          : 'info',
      `state ${s.name}${cause ? ` (${cause})` : ''}${detail ? `: ${detail}` : ''}${retryInMs !== undefined ? `; retry in ${retryInMs} ms` : ''}`,
    );
    this.emit({
      type: 'state',
      state: s.name,
      ...(cause ? { cause } : {}),
      ...(detail ? { detail } : {}),
      ...(retryInMs !== undefined ? { retryInMs } : {}),
      ...(attempt !== undefined ? { attempt } : {}),
    });
  }

  /** The session's forwards as the machine's input: which fail, how many are still pending. */
  private forwardsChanged(): void {
    const failing = [];
    let pending = 0;
    for (const [id, f] of this.sessionForwardStates()) {
      if (f.status === 'failed')
        failing.push({ id, cause: f.cause ?? 'unknown', detail: f.detail ?? '' });
      else if (f.status === 'closed') pending++;
    }
    this.apply({ type: 'forwards', failing, pending });
  }

  private async attempt(): Promise<{ outcome: Classified; readyAt?: number }> {
    const profile = this.profile;
    let credentials;
    try {
      credentials = await gatherCredentials(profile, this.options.resolveSecret, {
        keyring: this.options.keyring,
      });
      // Before anything is logged: every later line of this tunnel is scrubbed of them.
      this.options.log.addSecrets(credentials.secrets);
      for (const warning of credentials.warnings ?? []) this.log('warn', warning);
    } catch (error) {
      if (error instanceof CredentialError)
        return { outcome: { cause: error.code, detail: error.message } };
      return { outcome: classifyError(error) };
    }
    let hostKey;
    try {
      hostKey = await prepareTrust(unbracket(profile.host), profile.port, profile.hostKey, {
        knownHostsFile: this.options.knownHostsFile,
        tofu: this.options.tofu,
      });
    } catch (error) {
      return {
        outcome: {
          cause: 'unknown',
          detail: `cannot read known hosts: ${(error as Error).message}`,
        },
      };
    }
    if (this.stopping) return { outcome: { cause: 'unknown', detail: 'stopped' } };
    const session = new Session({
      profile,
      credentials,
      hostKey,
      chain: new Chain({
        profile,
        resolveSecret: this.options.resolveSecret,
        knownHostsFile: this.options.knownHostsFile,
        keyring: this.options.keyring,
        tofu: this.options.tofu,
        log: (level, message) => this.log(level, message),
        addSecrets: (secrets) => this.options.log.addSecrets(secrets),
      }),
      counters: this.counters,
      previouslyBound: this.previouslyBound,
      hooks: {
        authenticating: () => this.apply({ type: 'handshake' }),
        rekey: () => this.apply({ type: 'rekey' }),
        ready: () => {
          if (profile.forwards.length === 0) this.forwardsChanged();
        },
        forwardChanged: (forward, state, retryInMs) => {
          if (state.status === 'listening') this.previouslyBound.add(forward.id);
          this.emit({
            type: 'forward',
            forward: forward.id,
            status: state.status,
            ...(state.cause ? { cause: state.cause } : {}),
            ...(state.detail ? { detail: state.detail } : {}),
            ...(state.status === 'listening'
              ? { bindAddress: state.bindAddress, bindPort: state.bindPort }
              : {}),
            ...(retryInMs !== undefined ? { retryInMs } : {}),
          });
          if (state.status !== 'closed') this.forwardsChanged();
        },
        connection: (forward, active, failure) =>
          this.emit({
            type: 'connection',
            forward: forward.id,
            active,
            ...(failure ? { cause: failure.cause, detail: failure.detail } : {}),
          }),
        log: (level, message) => this.log(level, message),
      },
    });
    this.session = session;
    try {
      return await session.run();
    } finally {
      this.session = undefined;
    }
  }

  private async run(): Promise<void> {
    const reconnect = this.profile.reconnect;
    while (!this.stopping) {
      this.auth.record(Date.now());
      const { outcome, readyAt } = await this.attempt();
      if (this.stopping) break;
      const now = Date.now();
      if (readyAt !== undefined) {
        this.authRejections = 0;
        if (now - readyAt >= reconnect.stableSeconds * 1000) this.failures = 0;
      }
      if (PERMANENT_CAUSES.has(outcome.cause)) {
        // Only a person can fix these (never retry a changed host key: possible interception).
        this.apply({ type: 'fail', cause: outcome.cause, detail: outcome.detail });
        return;
      }
      this.failures++;
      let delay: number;
      if (outcome.cause === 'auth-rejected') {
        this.authRejections++;
        delay = Math.max(
          this.auth.delayAfter(this.authRejections),
          this.auth.nextAllowed(now) - now,
        );
      } else {
        delay = backoffDelay(this.failures, {
          minMs: reconnect.minDelaySeconds * 1000,
          maxMs: reconnect.maxDelaySeconds * 1000,
          random: this.options.random,
        });
      }
      this.apply({
        type: 'lost',
        cause: outcome.cause,
        detail: outcome.detail,
        retryInMs: delay,
        attempt: this.failures + 1,
      });
      await this.waitForRetry(delay, NETWORK_CAUSES.has(outcome.cause));
      if (!this.stopping) this.apply({ type: 'retry', attempt: this.failures + 1 });
    }
  }

  /**
   * Sleeps until the retry time, a nudge, stop, or the server's port turning from unreachable to
   * reachable (a cheap TCP connect every `probeIntervalMs`). Only that transition wakes us: a port
   * that answers all along (server up, SSH failing) must not shorten the backoff.
   */
  private waitForRetry(ms: number, probe: boolean): Promise<void> {
    return new Promise((resolve) => {
      let probeTimer: NodeJS.Timeout | undefined;
      let probing: net.Socket | undefined;
      let sawDown = false;
      const done = () => {
        clearTimeout(timer);
        clearTimeout(probeTimer);
        probing?.destroy();
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      const interval = this.options.probeIntervalMs ?? 250;
      // With a proxy or jump hosts, the first hop is what this machine can see come back.
      const first = firstHop(this.profile);
      const tryProbe = () => {
        const socket = net.connect(first);
        probing = socket;
        let up = false;
        socket.setTimeout(interval * 4, () => socket.destroy());
        socket.once('connect', () => {
          up = true;
          socket.destroy();
        });
        socket.once('error', () => undefined);
        socket.once('close', () => {
          if (this.wake !== done) return;
          if (up && sawDown) {
            this.log('info', `${first.host}:${first.port} answers again: retrying now`);
            done();
            return;
          }
          if (!up) sawDown = true;
          probeTimer = setTimeout(tryProbe, interval);
        });
      };
      if (probe && ms > interval) probeTimer = setTimeout(tryProbe, Math.min(interval, 100));
    });
  }
}
