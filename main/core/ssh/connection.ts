import { Client, type ConnectConfig, type NegotiatedAlgorithms } from 'ssh2';
import { sha256Fingerprint } from '../auth/fingerprint';
import type { HostKeyCheck } from '../auth/host-key';
import { tuneDataPath } from './data-path';
import { acknowledgeServerNotices } from './server-notices';
import {
  classifyError,
  classifyQuietClose,
  type AttemptPhase,
  type Classified,
} from '../tunnels/classify';
import type { LogLevel } from '../tunnels/events';

/**
 * The one lifecycle of an ssh2 `Client`, shared by the tunnel's final session, every jump hop
 * and the diagnostics: connect, host-key verification on every key exchange, authentication,
 * key re-exchange, close, and the classification of how it ended. Before this, three copies had
 * drifted (host key re-checked under different conditions, "presented undefined").
 *
 * A Client is unusable after a fatal error and one attempt can emit several `error` events
 * (pitfalls.md): a connection is one attempt, its first error is its cause, `close` is final.
 */
export interface GuardedHostKey extends HostKeyCheck {
  /** Why a refused key was refused, in words the user can act on. */
  explain?(): string | undefined;
}

export interface SshConnectionHooks {
  log(level: LogLevel, message: string): void;
  /** The first key exchange is done: authentication begins. */
  handshake?(negotiated: NegotiatedAlgorithms): void;
  /**
   * A later key exchange on the same session (RekeyLimit, server policy). The host key has
   * been checked again and was the same; nothing about the session's state changes.
   */
  rekey?(negotiated: NegotiatedAlgorithms): void;
  /** Authenticated. */
  ready?(): void;
  /** After `ready`, at the first sign the session is gone (an error comes before `close`). */
  lost?(outcome: Classified): void;
}

export interface SshConnectionOptions {
  hostKey: GuardedHostKey;
  hooks: SshConnectionHooks;
  /** Record a newly accepted host key once authenticated (accept-new). Diagnostics do not. */
  commitHostKey?: boolean;
}

export interface SshEnd {
  outcome: Classified;
  /** When authentication succeeded, if it did. */
  readyAt?: number;
}

/** Rejection of `ready`: how the connection failed before authentication. */
export class SshConnectFailure extends Error {
  constructor(readonly classified: Classified) {
    super(classified.detail);
    this.name = 'SshConnectFailure';
  }
}

const HOSTKEY_CAUSES = new Set(['hostkey-mismatch', 'hostkey-unknown']);

export class SshConnection {
  readonly client = new Client();
  readonly phase: AttemptPhase = { tcpConnected: false, handshakeDone: false, ready: false };
  /** Resolves once authenticated; rejects with SshConnectFailure if it ends before. */
  readonly ready: Promise<Client>;
  /** Resolves when the Client has closed, with the first cause it ended on. */
  readonly closed: Promise<SshEnd>;
  readyAt: number | undefined;
  /** The host key blob the server last presented, whatever the verdict. */
  presentedKey: Buffer | undefined;
  /** The key this session was verified with; every re-exchange must present it again. */
  private verifiedKey: Buffer | undefined;
  private keyChangedTo: Buffer | undefined;
  private first: Classified | undefined;
  private lostReported = false;
  private exchanges = 0;
  private resolveReady!: (client: Client) => void;
  private rejectReady!: (error: SshConnectFailure) => void;
  private resolveClosed!: (end: SshEnd) => void;

  constructor(private readonly options: SshConnectionOptions) {
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    // Callers that only await `closed` must not see an unhandled rejection.
    this.ready.catch(() => undefined);
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.listen();
  }

  /** Starts the attempt. The host verifier is ours: the check runs on every key exchange. */
  connect(config: ConnectConfig): void {
    try {
      this.client.connect({ ...config, hostVerifier: (key: Buffer) => this.verify(key) });
    } catch (error) {
      // A config ssh2 refuses synchronously ends the attempt like any other failure.
      this.onError(error);
      this.onClose();
    }
  }

  end(): void {
    this.client.end();
  }

  destroy(): void {
    this.client.destroy();
  }

  /** The host-key check's verdict, with a key changed in a re-exchange counted as a mismatch. */
  verdict(): 'ok' | 'mismatch' | 'unknown' | 'pending' {
    return this.keyChangedTo ? 'mismatch' : this.options.hostKey.verdict();
  }

  private verify(key: Buffer): boolean {
    this.presentedKey = key;
    if (this.verifiedKey) {
      // A re-exchange must show the key this session was verified with (else: interception).
      if (this.verifiedKey.equals(key)) return true;
      this.keyChangedTo = key;
      return false;
    }
    const ok = this.options.hostKey.verify(key);
    if (ok) this.verifiedKey = key;
    return ok;
  }

  private listen(): void {
    const { client, phase } = this;
    const { hooks, hostKey } = this.options;
    client.on('connect', () => {
      phase.tcpConnected = true;
      // Small forwarded writes (license checkouts, request/response) must not wait for Nagle.
      client.setNoDelay(true);
      // Less CPU per SSH packet sent (data-path.ts).
      tuneDataPath(client);
      // No 40 ms wait for the first forwarded bytes behind sshd's notices (server-notices.ts).
      acknowledgeServerNotices(client);
      // Keep the first bytes so a quiet close can say what answered (ssh2 does not expose
      // pre-identification text when no identification follows). `_sock` is ssh2's socket.
      const socket = (client as unknown as { _sock?: NodeJS.EventEmitter })._sock;
      socket?.once('data', (chunk: Buffer) => {
        if (!phase.handshakeDone) phase.preBanner = chunk.subarray(0, 256).toString('latin1');
      });
    });
    client.on('handshake', (negotiated) => {
      this.exchanges++;
      if (this.exchanges > 1) {
        hooks.log('debug', `key re-exchange ${this.exchanges - 1} done (${negotiated.kex})`);
        hooks.rekey?.(negotiated);
        return;
      }
      phase.handshakeDone = true;
      hooks.log(
        'info',
        `handshake done (${negotiated.kex}, ${negotiated.cs.cipher}); host key ${this.presented()}`,
      );
      hooks.handshake?.(negotiated);
    });
    client.on('ready', () => {
      phase.ready = true;
      this.readyAt = Date.now();
      if (this.options.commitHostKey !== false)
        hostKey
          .commit()
          .catch((error: Error) =>
            hooks.log('warn', `could not record the host key: ${error.message}`),
          );
      hooks.ready?.();
      this.resolveReady(client);
    });
    client.on('error', (error) => this.onError(error));
    client.on('close', () => this.onClose());
  }

  private onError(error: unknown): void {
    const classified = this.classify(error);
    this.first ??= classified;
    if (this.phase.ready) this.reportLost(classified);
    else this.rejectReady(new SshConnectFailure(this.first));
  }

  private onClose(): void {
    const outcome = this.first ?? this.classify(undefined);
    if (this.phase.ready) this.reportLost(outcome);
    else this.rejectReady(new SshConnectFailure(outcome));
    this.resolveClosed({ outcome, ...(this.readyAt ? { readyAt: this.readyAt } : {}) });
  }

  private reportLost(outcome: Classified): void {
    if (this.lostReported) return;
    this.lostReported = true;
    this.options.hooks.lost?.(outcome);
  }

  private presented(): string {
    const key = this.presentedKey;
    return key ? sha256Fingerprint(key) : (this.options.hostKey.presented() ?? 'an unknown key');
  }

  /** The error (or a quiet close) as a cause, with the host key named when it was the reason. */
  private classify(error: unknown): Classified {
    const v = this.verdict();
    if (v === 'mismatch' || v === 'unknown') this.phase.hostKeyVerdict = v;
    let c = error === undefined ? classifyQuietClose(this.phase) : classifyError(error, this.phase);
    // A refused key can end the attempt without ssh2's own "Host denied" text: say which.
    if (this.phase.hostKeyVerdict && !HOSTKEY_CAUSES.has(c.cause) && !this.phase.ready)
      c = classifyError(new Error('Host denied (verification failed)'), this.phase);
    if (!HOSTKEY_CAUSES.has(c.cause)) return c;
    const why = this.keyChangedTo
      ? 'it changed during a key re-exchange of a session that had verified another key'
      : this.options.hostKey.explain?.();
    return {
      ...c,
      detail: `${c.detail}: the server presented ${this.presented()}${why ? `; ${why}` : ''}`,
    };
  }
}
