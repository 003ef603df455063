/**
 * The built-in agent's key store: keys unlocked once (passphrase) and kept decrypted in this
 * process's memory only — never written anywhere. Pageant's model, plus what Pageant lacks:
 * per-key lifetime, auto-lock after idle, and "unlock at start" (see startup.ts).
 *
 * "Locked" here means the private half has been dropped from memory: the entry stays listed (so
 * the UI can offer "unlock again") but is neither offered to servers nor able to sign.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createHash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { KeyError } from '../../keys/errors';
import { sha256Fingerprint } from '../../keys/fingerprint';
import { keyBits, type KeyType, type PrivateKey } from '../../keys/model';
import { readKey, requirePrivate } from '../../keys/read';
import { writePublic } from '../../keys/write';
import { keyObjectOf, rawSignature, signatureAlgorithm, sshSignature } from './sign';

export interface AgentKeyInfo {
  fingerprint: string;
  keyType: KeyType;
  bits: number;
  comment: string;
  /** OpenSSH one-line public key. */
  publicKey: string;
  /** Key file it was unlocked from, when known (lets the app re-unlock it). */
  source?: string;
  locked: boolean;
  addedAt: string;
  /** When a lifetime was given (ssh-add -t or the app's setting). */
  expiresAt?: string;
}

interface Entry {
  info: AgentKeyInfo;
  blob: Buffer;
  key?: KeyObject;
  expiry?: NodeJS.Timeout;
}

export interface KeyringOptions {
  /** Drop every private key after this long without a signature (0 / undefined = never). */
  idleLockMs?: number;
}

export interface AddOptions {
  source?: string;
  lifetimeSeconds?: number;
}

export class AgentError extends Error {
  constructor(
    readonly code: 'agent-locked' | 'key-not-loaded' | 'key-locked' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'AgentError';
  }
}

export class Keyring extends EventEmitter {
  private readonly entries = new Map<string, Entry>();
  private idleTimer?: NodeJS.Timeout;
  /** ssh-agent's LOCK: a hash of the lock password while locked. */
  private lockHash?: Buffer;

  constructor(private readonly options: KeyringOptions = {}) {
    super();
  }

  /** Adds (or replaces) a decrypted key. */
  add(key: PrivateKey, opts: AddOptions = {}): AgentKeyInfo {
    if (this.lockHash) throw new AgentError('agent-locked', 'the agent is locked');
    const keyObject = keyObjectOf(key);
    const fingerprint = sha256Fingerprint(key.blob);
    this.clearExpiry(fingerprint);
    const info: AgentKeyInfo = {
      fingerprint,
      keyType: key.type,
      bits: keyBits(key),
      comment: key.comment,
      publicKey: writePublic(key, 'openssh').trim(),
      source: opts.source ?? this.entries.get(fingerprint)?.info.source,
      locked: false,
      addedAt: new Date().toISOString(),
    };
    const entry: Entry = { info, blob: Buffer.from(key.blob), key: keyObject };
    if (opts.lifetimeSeconds && opts.lifetimeSeconds > 0) {
      info.expiresAt = new Date(Date.now() + opts.lifetimeSeconds * 1000).toISOString();
      entry.expiry = setTimeout(() => this.remove(fingerprint), opts.lifetimeSeconds * 1000);
      entry.expiry.unref();
    }
    this.entries.set(fingerprint, entry);
    this.touch();
    this.emit('change');
    return { ...info };
  }

  /** Reads a key file (any format the toolkit reads, PPK v3 included) and keeps it unlocked. */
  async unlockFile(
    file: string,
    passphrase?: string,
    opts: AddOptions = {},
  ): Promise<AgentKeyInfo> {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (error) {
      throw new KeyError(
        'key-unreadable',
        `cannot read key file ${file}: ${(error as Error).message}`,
      );
    }
    const key = requirePrivate(await readKey(data, { passphrase }));
    return this.add(key, { ...opts, source: file });
  }

  list(): AgentKeyInfo[] {
    return [...this.entries.values()].map((e) => ({ ...e.info }));
  }

  /** What the agent offers to servers: unlocked keys only, none while the agent is locked. */
  identities(): { blob: Buffer; comment: string }[] {
    if (this.lockHash) return [];
    return [...this.entries.values()]
      .filter((e) => e.key)
      .map((e) => ({ blob: e.blob, comment: e.info.comment }));
  }

  private usable(blob: Buffer): Entry {
    if (this.lockHash) throw new AgentError('agent-locked', 'the agent is locked');
    const entry = this.entries.get(sha256Fingerprint(blob));
    if (!entry || !entry.blob.equals(blob))
      throw new AgentError('key-not-loaded', 'the agent does not hold this key');
    if (!entry.key)
      throw new AgentError(
        'key-locked',
        `key ${entry.info.fingerprint} is locked: unlock it again`,
      );
    this.touch();
    return entry;
  }

  /** SSH-encoded signature (string algorithm ‖ string blob) for SSH_AGENT_SIGN_RESPONSE. */
  sign(blob: Buffer, data: Buffer, flags: number): Buffer {
    const entry = this.usable(blob);
    return sshSignature(entry.info.keyType, entry.key!, data, flags);
  }

  /** The inner blob only, for ssh2's client (it adds the algorithm name itself). */
  signRaw(blob: Buffer, data: Buffer, flags: number): Buffer {
    const entry = this.usable(blob);
    const algorithm = signatureAlgorithm(entry.info.keyType, flags);
    return rawSignature(entry.info.keyType, entry.key!, algorithm, data);
  }

  has(blob: Buffer): boolean {
    return this.entries.has(sha256Fingerprint(blob));
  }

  /** Forgets a key entirely (by fingerprint, `SHA256:` optional, or public blob). */
  remove(id: string | Buffer): boolean {
    const fp = typeof id === 'string' ? normaliseFingerprint(id) : sha256Fingerprint(id);
    this.clearExpiry(fp);
    const gone = this.entries.delete(fp);
    if (gone) this.emit('change');
    return gone;
  }

  removeAll(): void {
    for (const fp of this.entries.keys()) this.clearExpiry(fp);
    this.entries.clear();
    this.emit('change');
  }

  /** Drops the private halves but keeps the entries, so each can be unlocked again. */
  lockKeys(): void {
    for (const entry of this.entries.values()) {
      entry.key = undefined;
      entry.info.locked = true;
    }
    this.emit('change');
    this.emit('auto-lock');
  }

  /** ssh-agent LOCK: refuse everything until UNLOCK with the same password. */
  lock(password: string): boolean {
    if (this.lockHash) return false;
    this.lockHash = hashPassword(password);
    this.emit('change');
    return true;
  }

  unlock(password: string): boolean {
    if (!this.lockHash || !timingSafeEqual(this.lockHash, hashPassword(password))) return false;
    this.lockHash = undefined;
    this.emit('change');
    return true;
  }

  get isLocked(): boolean {
    return this.lockHash !== undefined;
  }

  /** Stops timers (the process may exit) and forgets every key. */
  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.removeAll();
  }

  private touch(): void {
    if (!this.options.idleLockMs) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.lockKeys(), this.options.idleLockMs);
    this.idleTimer.unref();
  }

  private clearExpiry(fp: string): void {
    const timer = this.entries.get(fp)?.expiry;
    if (timer) clearTimeout(timer);
  }
}

function hashPassword(password: string): Buffer {
  return createHash('sha256').update(`tunnelkeeper-agent-lock\0${password}`).digest();
}

export function normaliseFingerprint(fp: string): string {
  const t = fp.trim().replace(/=+$/, '');
  return t.startsWith('SHA256:') ? t : `SHA256:${t}`;
}
