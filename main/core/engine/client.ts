import { randomBytes } from 'node:crypto';
import net from 'node:net';
import {
  createMessageConnection,
  ResponseError,
  SocketMessageReader,
  SocketMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { AgentKeyInfo } from '../auth/agent/keyring';
import type { DiagnoseReport } from '../diagnostics/types';
import type { LogEntry } from '../logging/tunnel-log';
import type { TunnelEvent } from '../tunnels/events';
import { proof, proofMatches } from './challenge';
import { engineEndpoint, type EngineEndpoint } from './endpoint';
import {
  ENGINE_ERRORS,
  Methods,
  Notifications,
  PROTOCOL_VERSION,
  type AnswerHostKeyParams,
  type EngineInfo,
  type EngineTunnel,
  type HelloResult,
  type PendingHostKey,
  type SubscribeParams,
  type SubscribeResult,
  type UnlockKeyParams,
} from './protocol';
import { readToken } from './token';

/**
 * A client of the running engine: the tray and window (through the app's adapters), the CLI and
 * the tests all use this one. It proves it holds the token and makes the engine prove the same,
 * so an impostor on the endpoint is reported, never trusted.
 */
export type EngineClientErrorCode =
  'no-engine' | 'access-denied' | 'impostor' | 'outdated' | 'refused' | 'not-found' | 'failed';

export class EngineClientError extends Error {
  constructor(
    readonly code: EngineClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineClientError';
  }
}

export const HOW_TO_START =
  'start one with `tunnelkeeper engine run` (or open the Tunnelkeeper app), or install it to start at boot with `tunnelkeeper engine install`';

export interface ConnectOptions {
  endpoint?: EngineEndpoint;
  /** Who is asking, for the engine's log. */
  client?: string;
  /** The protocol this client speaks (tests speak an old one). */
  protocol?: number;
  timeoutMs?: number;
}

export class EngineClient {
  private readonly eventListeners = new Set<(event: TunnelEvent) => void>();
  private readonly listListeners = new Set<(tunnels: EngineTunnel[]) => void>();
  private readonly closeListeners = new Set<() => void>();

  private constructor(
    private readonly rpc: MessageConnection,
    private readonly socket: net.Socket,
    readonly info: EngineInfo,
  ) {
    rpc.onNotification(Notifications.event, (event: TunnelEvent) =>
      this.eventListeners.forEach((l) => l(event)),
    );
    rpc.onNotification(Notifications.events, (events: TunnelEvent[]) => {
      for (const event of events) this.eventListeners.forEach((l) => l(event));
    });
    rpc.onNotification(Notifications.tunnels, (tunnels: EngineTunnel[]) =>
      this.listListeners.forEach((l) => l(tunnels)),
    );
    rpc.onClose(() => this.closeListeners.forEach((l) => l()));
  }

  static async connect(options: ConnectOptions = {}): Promise<EngineClient> {
    const endpoint = options.endpoint ?? engineEndpoint();
    const socket = await open(endpoint.address, options.timeoutMs ?? 5000);
    const rpc = createMessageConnection(
      new SocketMessageReader(socket),
      new SocketMessageWriter(socket),
    );
    rpc.listen();
    try {
      let token: string;
      try {
        token = await readToken(endpoint);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw code === 'EACCES' || code === 'EPERM'
          ? new EngineClientError(
              'access-denied',
              `the engine belongs to another account: ${endpoint.tokenFile} is not readable by you`,
            )
          : new EngineClientError(
              'impostor',
              `something answers on ${endpoint.address} but no engine token exists (${endpoint.tokenFile}): not trusted`,
            );
      }
      const clientNonce = randomBytes(32).toString('hex');
      const hello = await call<HelloResult>(rpc, Methods.hello, {
        protocol: options.protocol ?? PROTOCOL_VERSION,
        clientNonce,
        client: options.client ?? 'tunnelkeeper',
      });
      if (!proofMatches(String(hello?.serverProof), token, 'engine', clientNonce))
        throw new EngineClientError(
          'impostor',
          `the process answering on ${endpoint.address} failed the engine's token challenge: it is not the Tunnelkeeper engine (or not yours) and is not trusted`,
        );
      const info = await call<EngineInfo>(rpc, Methods.authenticate, {
        proof: proof(token, 'client', hello.serverNonce),
      });
      return new EngineClient(rpc, socket, info);
    } catch (error) {
      rpc.dispose();
      socket.destroy();
      throw error;
    }
  }

  list(): Promise<EngineTunnel[]> {
    return call(this.rpc, Methods.list);
  }
  get(id: string): Promise<EngineTunnel> {
    return call(this.rpc, Methods.get, { id });
  }
  start(id: string): Promise<EngineTunnel> {
    return call(this.rpc, Methods.start, { id });
  }
  stop(id: string): Promise<EngineTunnel> {
    return call(this.rpc, Methods.stop, { id });
  }
  restart(id: string): Promise<EngineTunnel> {
    return call(this.rpc, Methods.restart, { id });
  }
  nudge(id?: string): Promise<null> {
    return call(this.rpc, Methods.nudge, id ? { id } : {});
  }
  reload(): Promise<EngineTunnel[]> {
    return call(this.rpc, Methods.reload);
  }
  logs(id: string, limit?: number): Promise<LogEntry[]> {
    return call(this.rpc, Methods.logs, { id, ...(limit ? { limit } : {}) });
  }
  /** The ordered checks, run by the engine with its credentials and trust. */
  diagnose(id: string): Promise<DiagnoseReport> {
    return call(this.rpc, Methods.diagnose, { id });
  }
  engineInfo(): Promise<EngineInfo> {
    return call(this.rpc, Methods.info);
  }
  shutdown(): Promise<null> {
    return call(this.rpc, Methods.shutdown);
  }
  pendingHostKeys(): Promise<PendingHostKey[]> {
    return call(this.rpc, Methods.pendingHostKeys);
  }
  answerHostKey(params: AnswerHostKeyParams): Promise<PendingHostKey[]> {
    return call(this.rpc, Methods.answerHostKey, params);
  }
  /** The passphrase crosses to the engine once and is kept nowhere on this side. */
  unlockKey(params: UnlockKeyParams): Promise<AgentKeyInfo> {
    return call(this.rpc, Methods.unlockKey, params);
  }
  /** A password the app keeps in the OS store, handed over once per engine run. */
  provideSecret(ref: string, value: string): Promise<null> {
    return call(this.rpc, Methods.provideSecret, { ref, value });
  }
  listKeys(): Promise<AgentKeyInfo[]> {
    return call(this.rpc, Methods.listKeys);
  }
  removeKey(fingerprint: string): Promise<boolean> {
    return call(this.rpc, Methods.removeKey, { fingerprint });
  }
  /** Starts the event stream; the result is the list and the recent log lines to show first. */
  subscribe(params: SubscribeParams = {}): Promise<SubscribeResult> {
    return call(this.rpc, Methods.subscribe, params);
  }

  onEvent(listener: (event: TunnelEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
  onTunnels(listener: (tunnels: EngineTunnel[]) => void): () => void {
    this.listListeners.add(listener);
    return () => this.listListeners.delete(listener);
  }
  /** The engine went away (stopped, crashed) or dropped this client. */
  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.rpc.dispose();
    this.socket.destroy();
  }
}

function open(address: string, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new EngineClientError('no-engine', `the engine at ${address} does not answer`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      // Later socket errors end the connection (onClose); they must never crash the client.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'EACCES' || error.code === 'EPERM'
          ? new EngineClientError(
              'access-denied',
              `the engine at ${address} belongs to another account (${error.code})`,
            )
          : new EngineClientError('no-engine', `no engine running; ${HOW_TO_START}`),
      );
    });
  });
}

async function call<T>(rpc: MessageConnection, method: string, params?: unknown): Promise<T> {
  try {
    return (await rpc.sendRequest(method, params ?? null)) as T;
  } catch (error) {
    if (error instanceof ResponseError) {
      const code: EngineClientErrorCode =
        error.code === ENGINE_ERRORS.outdatedClient
          ? 'outdated'
          : error.code === ENGINE_ERRORS.badToken || error.code === ENGINE_ERRORS.notAuthenticated
            ? 'refused'
            : error.code === ENGINE_ERRORS.notFound
              ? 'not-found'
              : 'failed';
      throw new EngineClientError(code, error.message);
    }
    throw new EngineClientError(
      'failed',
      `the engine connection broke: ${(error as Error).message}`,
    );
  }
}
