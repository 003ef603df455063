import { randomBytes } from 'node:crypto';
import net from 'node:net';
import {
  createMessageConnection,
  ResponseError,
  SocketMessageReader,
  SocketMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { TunnelEvent } from '../tunnels/events';
import { proof, proofMatches } from './challenge';
import type { Engine } from './engine';
import { EngineError } from './engine';
import {
  ENGINE_ERRORS,
  Methods,
  MIN_CLIENT_PROTOCOL,
  Notifications,
  PROTOCOL_VERSION,
  type AnswerHostKeyParams,
  type EngineInfo,
  type HelloParams,
  type HelloResult,
  type LogsParams,
  type PendingHostKey,
  type SubscribeParams,
  type SubscribeResult,
  type UnlockKeyParams,
} from './protocol';

/**
 * Serves the engine to its clients (tray, window, CLI) over the endpoint. Each client must pass
 * the token challenge before anything else. Events go to subscribed clients as notifications;
 * a client that does not read them (its socket's send buffer over MAX_BACKLOG_BYTES) is dropped,
 * so a stuck window can never hold a tunnel back or grow the engine's memory.
 */
export const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

export interface EngineServerOptions {
  engine: Engine;
  token: string;
  info: () => EngineInfo;
  /** Asked by a client (`engine/shutdown`): the caller closes everything and exits. */
  onShutdown?: () => void;
  log?: (message: string) => void;
}

export class EngineServer {
  private readonly server: net.Server;
  private readonly clients = new Set<ClientConnection>();

  constructor(private readonly options: EngineServerOptions) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(address: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(address, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  get clientCount(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    socket.on('error', () => undefined);
    const client = new ClientConnection(socket, this.options);
    this.clients.add(client);
    socket.once('close', () => {
      this.clients.delete(client);
      client.close();
    });
  }
}

class ClientConnection {
  private readonly rpc: MessageConnection;
  private authenticated = false;
  private serverNonce: string | undefined;
  private unsubscribe: (() => void)[] = [];
  private pending: TunnelEvent[] = [];
  private closed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: EngineServerOptions,
  ) {
    this.rpc = createMessageConnection(
      new SocketMessageReader(socket),
      new SocketMessageWriter(socket),
    );
    this.register();
    this.rpc.onClose(() => this.close());
    this.rpc.onError(() => this.close());
    this.rpc.listen();
    // A client that never authenticates is not kept around.
    const timer = setTimeout(() => {
      if (!this.authenticated) this.close();
    }, 10_000);
    timer.unref();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.rpc.dispose();
    this.socket.destroy();
  }

  private register(): void {
    const { engine, token } = this.options;
    this.rpc.onRequest(Methods.hello, (params: HelloParams): HelloResult => {
      if (typeof params?.protocol !== 'number' || params.protocol < MIN_CLIENT_PROTOCOL)
        throw new ResponseError(
          ENGINE_ERRORS.outdatedClient,
          `this client speaks engine protocol ${String(params?.protocol)}, the running engine needs ${MIN_CLIENT_PROTOCOL} or newer: update the app (or the tunnelkeeper command)`,
        );
      if (typeof params.clientNonce !== 'string' || !/^[0-9a-f]{32,128}$/.test(params.clientNonce))
        throw new ResponseError(ENGINE_ERRORS.badRequest, 'hello needs a clientNonce');
      this.serverNonce = randomBytes(32).toString('hex');
      return {
        protocol: PROTOCOL_VERSION,
        serverProof: proof(token, 'engine', params.clientNonce),
        serverNonce: this.serverNonce,
      };
    });
    this.rpc.onRequest(Methods.authenticate, (params: { proof?: unknown }) => {
      if (
        !this.serverNonce ||
        typeof params?.proof !== 'string' ||
        !proofMatches(params.proof, token, 'client', this.serverNonce)
      ) {
        setTimeout(() => this.close(), 50);
        throw new ResponseError(ENGINE_ERRORS.badToken, 'refused: wrong engine token');
      }
      this.authenticated = true;
      return this.options.info();
    });
    const guarded = <P, R>(method: string, handler: (params: P) => R | Promise<R>) =>
      this.rpc.onRequest(method, async (params: P) => {
        if (!this.authenticated)
          throw new ResponseError(ENGINE_ERRORS.notAuthenticated, 'authenticate first');
        try {
          return await handler(params);
        } catch (error) {
          throw asResponseError(error);
        }
      });
    const id = (p: { id?: unknown }): string => {
      if (typeof p?.id !== 'string' || !p.id)
        throw new ResponseError(ENGINE_ERRORS.badRequest, 'a tunnel id is needed');
      return p.id;
    };
    guarded(Methods.info, () => this.options.info());
    guarded(Methods.list, () => engine.list());
    guarded(Methods.get, (p: { id: string }) => engine.get(id(p)));
    guarded(Methods.start, (p: { id: string }) => engine.start(id(p)));
    guarded(Methods.stop, (p: { id: string }) => engine.stop(id(p)));
    guarded(Methods.restart, (p: { id: string }) => engine.restart(id(p)));
    guarded(Methods.nudge, (p: { id?: string }) => {
      engine.service.nudge(p?.id);
      return null;
    });
    guarded(Methods.reload, async () => {
      await engine.reload();
      return engine.list();
    });
    guarded(Methods.logs, (p: LogsParams) => {
      engine.get(id(p));
      const entries = engine.service.logEntries(p.id);
      const limit = typeof p.limit === 'number' && p.limit > 0 ? p.limit : entries.length;
      return entries.slice(-limit);
    });
    guarded(Methods.diagnose, (p: { id: string }) => engine.diagnose(id(p)));
    guarded(Methods.subscribe, (p: SubscribeParams | undefined) => this.subscribe(p ?? {}));
    const pending = (): PendingHostKey[] =>
      engine.service.pendingHostKeys().map(({ confirm: _c, reject: _r, ...rest }) => rest);
    guarded(Methods.pendingHostKeys, pending);
    guarded(Methods.answerHostKey, async (p: AnswerHostKeyParams) => {
      const found = engine.service.pendingHostKeys().find((c) => c.id === p?.id);
      if (!found)
        throw new ResponseError(ENGINE_ERRORS.notFound, `no host key waiting as ${p?.id}`);
      if (p.decision === 'reject') found.reject();
      else if (p.decision === 'once' || p.decision === 'always') await found.confirm(p.decision);
      else throw new ResponseError(ENGINE_ERRORS.badRequest, 'decision: once, always or reject');
      // A tunnel that failed waiting for this answer tries again now.
      for (const t of engine.list())
        if (t.state === 'failed' && t.cause === 'hostkey-unknown') await engine.start(t.profile);
      return pending();
    });
    guarded(Methods.unlockKey, async (p: UnlockKeyParams) => {
      if (typeof p?.keyFile !== 'string')
        throw new ResponseError(ENGINE_ERRORS.badRequest, 'keyFile is needed');
      const info = await engine.service.keyring.unlockFile(p.keyFile, p.passphrase);
      for (const t of engine.list())
        if (t.state === 'failed' && t.cause === 'key-locked') await engine.start(t.profile);
      return info;
    });
    guarded(Methods.listKeys, () => engine.service.keyring.list());
    guarded(Methods.provideSecret, (p: { ref?: unknown; value?: unknown }) => {
      if (typeof p?.ref !== 'string' || typeof p.value !== 'string' || !p.ref || !p.value)
        throw new ResponseError(ENGINE_ERRORS.badRequest, 'ref and value are needed');
      engine.provideSecret(p.ref, p.value);
      return null;
    });
    guarded(Methods.removeKey, (p: { fingerprint: string }) =>
      engine.service.keyring.remove(String(p?.fingerprint)),
    );
    guarded(Methods.shutdown, () => {
      setImmediate(() => this.options.onShutdown?.());
      return null;
    });
  }

  private subscribe(params: SubscribeParams): SubscribeResult {
    const { engine } = this.options;
    for (const off of this.unsubscribe) off();
    const wantLogs = params.logs !== undefined;
    const backlog: TunnelEvent[] = [];
    if (params.logs)
      for (const t of engine.list())
        for (const entry of engine.service.logEntries(t.profile).slice(-params.logs.backlog))
          backlog.push({ type: 'log', profile: t.profile, ...entry });
    backlog.sort((a, b) => a.ts.localeCompare(b.ts));
    this.unsubscribe = [
      engine.onEvent((event) => {
        if (event.type === 'log' && !wantLogs) return;
        this.queueEvent(event);
      }),
      engine.onListChanged(() => this.send(Notifications.tunnels, engine.list())),
    ];
    return { tunnels: engine.list(), backlog };
  }

  /**
   * Events leave in batches, one notification per turn of the event loop: a verbose tunnel logs
   * thousands of lines a second, and one JSON-RPC message (and one socket write) per line would
   * cost the engine — and the tunnels it carries — more than the lines themselves.
   */
  private queueEvent(event: TunnelEvent): void {
    this.pending.push(event);
    if (this.pending.length === 1) setImmediate(() => this.flushEvents());
  }

  private flushEvents(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length) this.send(Notifications.events, batch);
  }

  /** Never blocks and never buffers without bound: a client that does not read is dropped. */
  private send(method: string, payload: unknown): void {
    if (this.closed) return;
    if (this.socket.writableLength > MAX_BACKLOG_BYTES) {
      this.options.log?.(
        `a client stopped reading (${this.socket.writableLength} bytes waiting): dropped`,
      );
      this.close();
      return;
    }
    void this.rpc.sendNotification(method, payload).catch(() => this.close());
  }
}

function asResponseError(error: unknown): ResponseError<unknown> {
  if (error instanceof ResponseError) return error;
  if (error instanceof EngineError)
    return new ResponseError(
      error.code === 'not-found' ? ENGINE_ERRORS.notFound : ENGINE_ERRORS.failed,
      error.message,
    );
  return new ResponseError(ENGINE_ERRORS.failed, (error as Error)?.message ?? String(error));
}
