/**
 * Trust-on-first-use with an explicit confirmation step. ssh2's hostVerifier must answer
 * synchronously (a Promise would accept every host), and a prompt inside readyTimeout would
 * time out — so an unknown key fails the attempt and leaves a PendingConfirmation the UI (or
 * `tunnelkeeper hostkeys trust`) presents; once confirmed, the next attempt is accepted.
 * A changed key is a hard stop: the gate remembers it and refuses that host until the admin
 * forgets the old key.
 */
import { EventEmitter } from 'node:events';
import { keyTypeOf, md5Fingerprint, sha256Fingerprint } from '../fingerprint';
import { hostPattern } from '../known-hosts';
import { decideTrust } from './decide';
import type { TrustLookup, TrustStore } from './store';
import { hostKeyChangedWarning } from './warning';

export type ConfirmMode = 'once' | 'always';

export interface PendingConfirmation {
  id: string;
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  fingerprintMd5: string;
  publicKey: string;
  state: 'pending' | 'confirmed-once' | 'confirmed-always' | 'rejected';
  confirm(mode: ConfirmMode): Promise<void>;
  reject(): void;
}

export class HostKeyChangedError extends Error {
  readonly code = 'hostkey-mismatch' as const;
  constructor(
    readonly host: string,
    readonly port: number,
    readonly presented: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostKeyChangedError';
  }
}

export type HostVerdict =
  | { kind: 'none' }
  | { kind: 'trusted' }
  | { kind: 'pending'; confirmation: PendingConfirmation }
  | { kind: 'rejected' }
  | { kind: 'changed'; error: HostKeyChangedError };

export interface HostCheck {
  /** For ssh2's `hostVerifier`: synchronous boolean. Also called again on rekey. */
  verify(key: Buffer): boolean;
  verdict(): HostVerdict;
}

export class TofuGate extends EventEmitter {
  /** Accepted for this process only (confirm('once')), per host:port. */
  private readonly session = new Map<string, Buffer[]>();
  private readonly rejected = new Map<string, Buffer[]>();
  /** Hosts whose key changed: stays blocked until forget() (the tunnel stops for good). */
  private readonly blocked = new Map<string, HostKeyChangedError>();
  private readonly pending = new Map<string, PendingConfirmation>();

  constructor(readonly store: TrustStore) {
    super();
  }

  /** Reads the store before connecting (the verifier cannot wait for a file). */
  async prepare(host: string, port: number): Promise<HostCheck> {
    const name = hostPattern(host, port);
    // The verifier cannot read the store: snapshot it now and decide synchronously from it.
    const lines = await this.store.lines();
    const pins = await this.store.pinsFor(host, port);
    const snapshot = { lines, pins };
    let verdict: HostVerdict = { kind: 'none' };
    let first: Buffer | undefined;

    const decide = (key: Buffer): HostVerdict => {
      if (first && !first.equals(key))
        return this.changed(host, port, key, {
          status: 'changed',
          known: [{ keyType: keyTypeOf(first), fingerprint: sha256Fingerprint(first) }],
          pinned: false,
        });
      const blockedBy = this.blocked.get(name);
      if (blockedBy) return { kind: 'changed', error: blockedBy };
      if (this.rejected.get(name)?.some((k) => k.equals(key))) return { kind: 'rejected' };
      const look = decideTrust(snapshot, host, port, key);
      if (look.status === 'trusted') return { kind: 'trusted' };
      if (look.status === 'changed' || look.status === 'revoked')
        return this.changed(host, port, key, look);
      if (this.session.get(name)?.some((k) => k.equals(key))) return { kind: 'trusted' };
      return { kind: 'pending', confirmation: this.ask(host, port, key) };
    };

    return {
      verify: (key) => {
        verdict = decide(key);
        if (verdict.kind === 'trusted') first ??= key;
        return verdict.kind === 'trusted';
      },
      verdict: () => verdict,
    };
  }

  /** The confirmations waiting for the user (the UI lists these). */
  pendingConfirmations(): PendingConfirmation[] {
    return [...this.pending.values()].filter((p) => p.state === 'pending');
  }

  /** After the admin verified out of band and ran `hostkeys forget`: lift the hard stop. */
  unblock(host: string, port: number): void {
    this.blocked.delete(hostPattern(host, port));
    this.session.delete(hostPattern(host, port));
  }

  private changed(host: string, port: number, key: Buffer, look: TrustLookup): HostVerdict {
    const name = hostPattern(host, port);
    const presented = sha256Fingerprint(key);
    const error = new HostKeyChangedError(
      host,
      port,
      presented,
      hostKeyChangedWarning({
        host,
        port,
        keyType: keyTypeOf(key),
        presented,
        expected: look.known,
        pinned: look.pinned,
        revoked: look.status === 'revoked',
      }),
    );
    this.blocked.set(name, error);
    this.emit('hostkey-changed', error);
    return { kind: 'changed', error };
  }

  private ask(host: string, port: number, key: Buffer): PendingConfirmation {
    const name = hostPattern(host, port);
    const id = `${name} ${sha256Fingerprint(key)}`;
    const existing = this.pending.get(id);
    if (existing && existing.state === 'pending') return existing;
    const confirmation: PendingConfirmation = {
      id,
      host,
      port,
      keyType: keyTypeOf(key),
      fingerprint: sha256Fingerprint(key),
      fingerprintMd5: md5Fingerprint(key),
      publicKey: `${keyTypeOf(key)} ${key.toString('base64')}`,
      state: 'pending',
      confirm: async (mode) => {
        if (confirmation.state !== 'pending') return;
        if (mode === 'always') await this.store.trust(host, port, key);
        else this.session.set(name, [...(this.session.get(name) ?? []), key]);
        confirmation.state = mode === 'always' ? 'confirmed-always' : 'confirmed-once';
        this.pending.delete(id);
        this.emit('confirmed', confirmation);
      },
      reject: () => {
        if (confirmation.state !== 'pending') return;
        confirmation.state = 'rejected';
        this.rejected.set(name, [...(this.rejected.get(name) ?? []), key]);
        this.pending.delete(id);
        this.emit('rejected', confirmation);
      },
    };
    this.pending.set(id, confirmation);
    this.emit('confirmation', confirmation);
    return confirmation;
  }
}
