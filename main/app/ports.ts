/**
 * The narrow ports the shell drives. The tray, notifications and IPC handlers are written
 * against these, not against main/core, so they can be built and tested while the core is
 * still moving; `core-adapter.ts` fits the real core service to them. Implementations throw
 * `CodedError` for failures the user should see (`not-found`, key codes …).
 */
import type {
  Availability,
  AvailabilityRange,
  ConvertKeyRequest,
  DiagnosticReport,
  DiagnosticStep,
  GenerateKeyRequest,
  ImportPreview,
  KeyInfo,
  KeyResult,
  PublicKeyCheck,
  KeySummary,
  LogLine,
  TunnelSnapshot,
} from '../../contract';
import type { TunnelStateName } from '../../contract/tunnel-state';
import type { ConfigDocument } from '../core/config/profile';

export type Unsubscribe = () => void;

export type TunnelServiceEvent =
  /** A tunnel's snapshot changed; `previous` is the state it left (same when only counters moved). */
  | { type: 'tunnel'; tunnel: TunnelSnapshot; previous: TunnelStateName }
  | { type: 'log'; line: LogLine };

/** One key of `auth.unlockAtStart`; `code` says why it stayed locked (`key-locked` …). */
export interface UnlockAtStartResult {
  keyFile: string;
  ok: boolean;
  code?: string;
}

export interface TunnelService {
  list(): TunnelSnapshot[];
  start(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  /** Retry every waiting tunnel now: the network came back, the machine resumed or unlocked. */
  nudge(reason: string): void;
  /** The profiles changed (the window or the CLI saved the config). */
  reload(document: ConfigDocument): Promise<void>;
  tail(id: string, limit: number): LogLine[];
  on(listener: (event: TunnelServiceEvent) => void): Unsubscribe;
  /** Stops every tunnel and releases its lock, before the app quits. */
  shutdown(): Promise<void>;
  /**
   * Unlocks the key files of profiles marked `auth.unlockAtStart` (jump hosts too) from their
   * passphrase files; a key without one (or with a wrong one) stays locked, `ok: false`.
   */
  unlockAtStart(): Promise<UnlockAtStartResult[]>;
}

export interface KeyService {
  list(): Promise<KeySummary[]>;
  convert(request: ConvertKeyRequest): Promise<KeyResult>;
  generate(request: GenerateKeyRequest): Promise<KeyResult>;
  inspect(path: string, passphrase?: string): Promise<KeyInfo>;
  checkPublic(text: string): Promise<PublicKeyCheck>;
  /** Unlocks the key file into the built-in agent's keyring; the summary says `unlocked`. */
  unlock(path: string, passphrase?: string): Promise<KeySummary>;
  /** Drops the key's private half from the keyring (`not-found` for an unknown id). */
  lock(id: string): Promise<void>;
}

export interface ImportService {
  /** Profiles found in `text`, with ids unique against `takenIds`; nothing is saved. */
  preview(source: string, text: string, takenIds: readonly string[]): ImportPreview;
}

export interface DiagnosticsService {
  /** `onStep` hears each check as soon as it is settled. */
  run(tunnelId: string, onStep?: (step: DiagnosticStep) => void): Promise<DiagnosticReport>;
  /** The key the server presents now (one connection, no login); null when none was seen. */
  presentedHostKey(tunnelId: string): Promise<{ keyType: string; fingerprint: string } | null>;
  /** Runs the checks and writes a support bundle to `target` (.zip); returns the file written. */
  exportBundle(tunnelId: string, target: string, tunnelLog: readonly string[]): Promise<string>;
}

/** The availability history the engine keeps on disk (main/core/history), read back. */
export interface HistoryService {
  /**
   * The tunnel's strip, uptime and outages over the last `range` up to now. No history yet for
   * it (or none at all): one not-monitored segment and uptime null, never an error.
   */
  availability(id: string, range: AvailabilityRange): Promise<Availability>;
}

/** A server key the tunnel engine holds back until the user confirms it (policy `ask`). */
export interface PendingHostKey {
  keyType: string;
  fingerprint: string;
  /** `once`: until the app quits; `always`: written to known_hosts. */
  confirm(mode: 'once' | 'always'): Promise<void>;
  reject(): void;
}

export interface HostKeyConfirmations {
  pendingFor(host: string, port: number): PendingHostKey | undefined;
}

/** Native file dialogs and the file manager, modal to our window. */
export interface FileDialogs {
  chooseFile(purpose: 'key' | 'import'): Promise<string | null>;
  chooseSavePath(defaultName: string, kind: 'zip' | 'log'): Promise<string | null>;
  /** Shows a saved file in Explorer / Finder. */
  reveal(file: string): void;
}

/** The config document, wherever it is kept (electron-store over the CLI's file). */
export interface ConfigRepository {
  read(): ConfigDocument;
  /** Validates with the core schema and writes; returns what was written. */
  write(document: ConfigDocument): ConfigDocument;
  onChange(listener: (document: ConfigDocument) => void): Unsubscribe;
}
