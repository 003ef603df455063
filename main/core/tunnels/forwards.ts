import net from 'node:net';
import { bindAddressOf } from '../config/schema';
import type { Client, ClientChannel, TcpConnectionDetails } from 'ssh2';
import type { DynamicForward, Forward, LocalForward, RemoteForward } from '../config/profile';
import { classifyError, type Classified } from './classify';
import type { ForwardCounters, LogLevel } from './events';
import { joinStreams } from './pipe';
import { acceptSocks, SocksError } from './socks';

/**
 * The runtime of one forward inside one SSH session: listens (locally or on the server), carries
 * each connection through a channel, counts, and closes everything when the session ends.
 */
export interface ForwardContext {
  client: Client;
  counters: ForwardCounters;
  /** A forwarded connection opened, closed or could not be carried. */
  onConnection(active: number, failure?: Classified): void;
  log(level: LogLevel, message: string): void;
  /** How long to wait for a channel or a target to open. */
  openTimeoutMs: number;
}

export interface BoundAddress {
  address: string;
  port: number;
}

export interface ForwardRuntime {
  readonly forward: Forward;
  bind(): Promise<BoundAddress>;
  close(): void;
  /** Remote forwards: the server's `tcp connection` for our port. */
  readonly bound?: BoundAddress;
}

/** Node listens on every interface when given no host; `*` and '' mean that in ssh syntax. */
function localHost(address: string): string | undefined {
  return address === '*' || address === '' ? undefined : address;
}

function listen(server: net.Server, host: string | undefined, port: number): Promise<BoundAddress> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const a = server.address();
      if (a && typeof a === 'object') resolve({ address: a.address, port: a.port });
      else reject(new Error('listening on an unknown address'));
    });
  });
}

function openChannel(
  ctx: ForwardContext,
  socket: net.Socket,
  host: string,
  port: number,
): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    // forwardOut has no timeout of its own (pitfalls.md).
    const timer = setTimeout(
      () => reject(new Error(`(SSH) Channel open failure: no answer in ${ctx.openTimeoutMs} ms`)),
      ctx.openTimeoutMs,
    );
    try {
      ctx.client.forwardOut(
        socket.remoteAddress ?? '127.0.0.1',
        socket.remotePort ?? 0,
        host,
        port,
        (error, channel) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(channel);
        },
      );
    } catch (error) {
      clearTimeout(timer);
      reject(error as Error);
    }
  });
}

/** Shared life of a listening forward on this machine (local and dynamic). */
abstract class ListeningForward implements ForwardRuntime {
  private server: net.Server | undefined;
  protected readonly sockets = new Set<net.Socket>();
  protected closed = false;

  constructor(
    readonly forward: LocalForward | DynamicForward,
    protected readonly ctx: ForwardContext,
  ) {}

  protected abstract carry(socket: net.Socket): Promise<ClientChannel>;

  async bind(): Promise<BoundAddress> {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) =>
      this.accept(socket),
    );
    try {
      const bound = await listen(
        server,
        localHost(this.forward.bindAddress),
        this.forward.bindPort,
      );
      if (this.closed) server.close();
      else this.server = server;
      return bound;
    } catch (error) {
      server.close();
      throw error;
    }
  }

  private accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    const c = this.ctx.counters;
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    c.active++;
    c.total++;
    c.lastActivity = Date.now();
    this.ctx.onConnection(c.active);
    let ended = false;
    const end = (failure?: Classified) => {
      if (ended) return;
      ended = true;
      this.sockets.delete(socket);
      c.active--;
      if (failure) c.failed++;
      c.lastActivity = Date.now();
      this.ctx.onConnection(c.active, failure);
    };
    this.carry(socket).then(
      (channel) => {
        if (socket.destroyed || this.closed) {
          channel.close();
          socket.destroy();
          end();
          return;
        }
        joinStreams(socket, channel, c, () => end());
        socket.resume();
      },
      (error: unknown) => {
        // Let a SOCKS failure reply reach the client before the socket goes.
        if (socket.writableEnded) setTimeout(() => socket.destroy(), 1000).unref();
        else socket.destroy();
        if (error instanceof SocksError) {
          end({ cause: 'unknown', detail: error.message });
          return;
        }
        const failure = classifyError(error, {
          tcpConnected: true,
          handshakeDone: true,
          ready: true,
        });
        const cause =
          failure.cause === 'connection-lost'
            ? failure
            : { ...failure, cause: 'target-unreachable' as const };
        end(cause);
      },
    );
  }

  close(): void {
    this.closed = true;
    this.server?.close();
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

export class LocalForwardRuntime extends ListeningForward {
  declare readonly forward: LocalForward;
  protected carry(socket: net.Socket): Promise<ClientChannel> {
    return openChannel(this.ctx, socket, this.forward.targetHost, this.forward.targetPort);
  }
}

export class DynamicForwardRuntime extends ListeningForward {
  declare readonly forward: DynamicForward;
  protected async carry(socket: net.Socket): Promise<ClientChannel> {
    socket.resume();
    const request = await acceptSocks(socket, this.ctx.openTimeoutMs);
    try {
      const channel = await openChannel(this.ctx, socket, request.host, request.port);
      request.reply(true);
      return channel;
    } catch (error) {
      request.reply(false, 'unreachable');
      throw error;
    }
  }
}

/**
 * -R: the server listens; for each connection we first connect the local target and only then
 * accept the channel, or reject it when the target is down (and count that).
 */
export class RemoteForwardRuntime implements ForwardRuntime {
  bound: BoundAddress | undefined;
  private readonly sockets = new Set<net.Socket>();
  private closed = false;

  constructor(
    readonly forward: RemoteForward,
    private readonly ctx: ForwardContext,
  ) {}

  /** ssh2 spells "all interfaces" as ''. */
  private get serverAddress(): string {
    return this.forward.bindAddress === '*' ? '' : bindAddressOf(this.forward);
  }

  bind(): Promise<BoundAddress> {
    return new Promise((resolve, reject) => {
      // forwardIn needs its callback: without one ssh2 rejects every connection (pitfalls.md).
      this.ctx.client.forwardIn(this.serverAddress, this.forward.bindPort, (error, port) => {
        if (error) return reject(error);
        this.bound = { address: bindAddressOf(this.forward), port: port || this.forward.bindPort };
        resolve(this.bound);
      });
    });
  }

  /** Whether the server lets us listen at all: tells "port in use" from "not permitted". */
  probePermitted(): Promise<boolean> {
    return new Promise((resolve) => {
      this.ctx.client.forwardIn('127.0.0.1', 0, (error, port) => {
        if (error) return resolve(false);
        this.ctx.client.unforwardIn('127.0.0.1', port, () => undefined);
        resolve(true);
      });
    });
  }

  handle(info: TcpConnectionDetails, accept: () => ClientChannel, reject: () => void): void {
    const c = this.ctx.counters;
    if (this.closed) return reject();
    const target = net.connect({
      host: this.forward.targetHost,
      port: this.forward.targetPort,
      allowHalfOpen: true,
    });
    this.sockets.add(target);
    let connected = false;
    const timer = setTimeout(
      () => target.destroy(new Error(`no answer within ${this.ctx.openTimeoutMs} ms`)),
      this.ctx.openTimeoutMs,
    );
    target.once('error', (error) => {
      clearTimeout(timer);
      this.sockets.delete(target);
      if (!connected) {
        reject();
        c.failed++;
        c.lastActivity = Date.now();
        this.ctx.onConnection(c.active, {
          cause: 'target-unreachable',
          detail: `${this.forward.targetHost}:${this.forward.targetPort} did not accept a connection from ${info.srcIP}:${info.srcPort} (${error.message})`,
        });
      }
    });
    target.once('connect', () => {
      clearTimeout(timer);
      connected = true;
      if (this.closed) {
        target.destroy();
        return reject();
      }
      target.setNoDelay(true);
      const channel = accept();
      c.active++;
      c.total++;
      c.lastActivity = Date.now();
      this.ctx.onConnection(c.active);
      joinStreams(target, channel, c, () => {
        this.sockets.delete(target);
        c.active--;
        c.lastActivity = Date.now();
        this.ctx.onConnection(c.active);
      });
    });
  }

  close(): void {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

export function createForward(forward: Forward, ctx: ForwardContext): ForwardRuntime {
  switch (forward.type) {
    case 'local':
      return new LocalForwardRuntime(forward, ctx);
    case 'dynamic':
      return new DynamicForwardRuntime(forward, ctx);
    case 'remote':
      return new RemoteForwardRuntime(forward, ctx);
  }
}
