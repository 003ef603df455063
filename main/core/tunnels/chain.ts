import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import { CredentialError, gatherCredentials, type SecretResolver } from '../auth/credentials';
import type { Keyring } from '../auth/agent/keyring';
import type { TofuGate } from '../auth/trust/tofu';
import type { JumpHost, Profile } from '../config/profile';
import { classifyError, type Classified } from './classify';
import type { LogLevel } from './events';
import { connectHop, HopFailure, openHopChannel } from './hop';
import { connectViaProxy, describeProxy, ProxyError, unbracket } from './proxy-client';
import { prepareTrust } from './trust';

/**
 * The way to the profile's host: an optional outbound proxy for the first TCP connection, then
 * the jump hosts in order, each running over the previous hop's `direct-tcpip` channel. `open()`
 * gives the stream the final session runs over (ssh2 `sock`), or throws a HopFailure whose
 * detail starts with the hop's name. Every hop is verified and kept
 * alive on its own; when one dies, `onLost` fires with a cause that names the hop, so the
 * supervisor reports the bastion rather than a vague "connection lost" of the final session.
 */
export interface ChainDeps {
  profile: Profile;
  resolveSecret?: SecretResolver;
  knownHostsFile?: string;
  /** The service's built-in agent, for hops whose keys are unlocked there. */
  keyring?: Keyring;
  /** The service's TOFU gate per known_hosts file (hops with policy `ask`). */
  tofu?: (knownHostsFile: string) => TofuGate;
  log(level: LogLevel, message: string): void;
  /** Secrets (hop passphrases, passwords, proxy password) to scrub from logs. */
  addSecrets(secrets: string[]): void;
}

const bracketHost = (host: string): string => {
  const h = unbracket(host);
  return h.includes(':') ? `[${h}]` : h;
};

export function hopLabel(index: number, host: string, port: number): string {
  return `hop ${index + 1} (${bracketHost(host)}:${port})`;
}

export function targetLabel(profile: Profile): string {
  return `target (${bracketHost(profile.host)}:${profile.port})`;
}

/** True when the profile does not connect straight to its host. */
export function hasChain(profile: Profile): boolean {
  return (profile.jumps?.length ?? 0) > 0 || profile.proxy !== undefined;
}

/** The first address this machine connects to: the proxy, the first jump host, or the host. */
export function firstHop(profile: Profile): { host: string; port: number } {
  const first = profile.proxy ?? profile.jumps?.[0] ?? profile;
  return { host: unbracket(first.host), port: first.port };
}

const named = (label: string, c: Classified): Classified => ({
  cause: c.cause,
  detail: `${label}: ${c.detail}`,
});
const fail = (label: string, c: Classified): HopFailure => new HopFailure(named(label, c), label);

export class Chain {
  private readonly clients: Client[] = [];
  /** Stops a proxy handshake still in progress when the chain is closed. */
  private readonly abort = new AbortController();
  private closed = false;
  /** The first hop that died after the chain was up (the root cause of the final's end). */
  lost: Classified | undefined;
  onLost: ((outcome: Classified) => void) | undefined;

  constructor(private readonly deps: ChainDeps) {}

  /** The stream for the final session, or undefined for a direct connection. */
  async open(): Promise<Duplex | undefined> {
    const { profile } = this.deps;
    if (!hasChain(profile)) return undefined;
    const jumps = profile.jumps ?? [];
    const timeoutMs = Math.round(profile.reconnect.readyTimeoutSeconds * 1000);
    const nextAfter = (i: number) => jumps[i + 1] ?? profile;
    let sock: Duplex | undefined;
    if (profile.proxy) {
      const proxy = profile.proxy;
      const label = `proxy (${describeProxy(proxy)})`;
      const first = jumps[0] ?? profile;
      let password: string | undefined;
      if (proxy.passwordRef) {
        password = await this.deps.resolveSecret?.(proxy.passwordRef);
        if (password) this.deps.addSecrets([password]);
        else this.deps.log('warn', `${label}: the stored password ${proxy.passwordRef} is missing`);
      }
      try {
        sock = await connectViaProxy(proxy, {
          host: first.host,
          port: first.port,
          password,
          timeoutMs,
          signal: this.abort.signal,
        });
      } catch (error) {
        const c =
          error instanceof ProxyError
            ? { cause: error.code, detail: error.message }
            : classifyError(error);
        throw fail(label, c);
      }
      this.deps.log('info', `${label}: connected to ${bracketHost(first.host)}:${first.port}`);
      if (this.closed) {
        sock.destroy();
        throw fail(label, { cause: 'unknown', detail: 'stopped' });
      }
    }
    for (const [i, hop] of jumps.entries()) {
      const client = await this.connect(i, hop, sock);
      const next = nextAfter(i);
      const nextLabel =
        i + 1 < jumps.length ? hopLabel(i + 1, next.host, next.port) : targetLabel(profile);
      try {
        sock = await openHopChannel(client, next.host, next.port, timeoutMs);
      } catch (error) {
        const c = error instanceof HopFailure ? error.classified : classifyError(error);
        throw fail(nextLabel, {
          cause: c.cause,
          detail: `via ${hopLabel(i, hop.host, hop.port)}: ${c.detail}`,
        });
      }
    }
    return sock;
  }

  private async connect(index: number, hop: JumpHost, sock: Duplex | undefined): Promise<Client> {
    const { profile, log } = this.deps;
    const label = hopLabel(index, hop.host, hop.port);
    let credentials;
    try {
      credentials = await gatherCredentials(hop, this.deps.resolveSecret, {
        keyring: this.deps.keyring,
      });
      this.deps.addSecrets(credentials.secrets);
      for (const warning of credentials.warnings ?? []) log('warn', `${label}: ${warning}`);
    } catch (error) {
      if (error instanceof CredentialError)
        throw fail(label, { cause: error.code, detail: error.message });
      throw fail(label, classifyError(error));
    }
    let hostKey;
    try {
      hostKey = await prepareTrust(unbracket(hop.host), hop.port, hop.hostKey, {
        knownHostsFile: this.deps.knownHostsFile,
        tofu: this.deps.tofu,
      });
    } catch (error) {
      throw fail(label, {
        cause: 'unknown',
        detail: `cannot read known hosts: ${(error as Error).message}`,
      });
    }
    if (this.closed) throw fail(label, { cause: 'unknown', detail: 'stopped' });
    log('debug', `${label}: connecting${sock ? ' through the previous hop' : ''}`);
    let client: Client;
    try {
      client = await connectHop({
        hop,
        credentials,
        hostKey,
        sock,
        readyTimeoutMs: Math.round(profile.reconnect.readyTimeoutSeconds * 1000),
        verbose: profile.verbose,
        log: (level, message) => log(level, `${label}: ${message}`),
        onClient: (client) => this.clients.push(client),
        onLost: (outcome) => {
          if (this.closed) return;
          const c = named(label, outcome);
          log('warn', `${c.cause}: ${c.detail}`);
          this.lost ??= c;
          this.onLost?.(c);
        },
      });
    } catch (error) {
      sock?.destroy();
      const c = error instanceof HopFailure ? error.classified : classifyError(error);
      throw fail(label, c);
    }
    if (this.closed) throw fail(label, { cause: 'unknown', detail: 'stopped' });
    return client;
  }

  /** Ends every hop, last first (the final session's stream goes with them). */
  close(): void {
    this.closed = true;
    this.abort.abort();
    for (const client of [...this.clients].reverse()) {
      client.end();
      // A frozen hop never completes a graceful end.
      setTimeout(() => client.destroy(), 2000).unref();
    }
  }
}
