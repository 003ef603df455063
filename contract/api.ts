/**
 * The bridge's API: for every channel the zod schemas main validates its payload (and its
 * result) with, what main pushes on each event channel, and the `Api` type the preload exposes
 * as `window.tunnelkeeper`. The renderer takes types only from here (zod stays out of its bundle).
 *
 * Secrets (passphrases, passwords) appear only in request schemas: they cross renderer → main
 * once. Result schemas are plain zod objects, which strip unknown keys, so a secret a service
 * returned by mistake never reaches the renderer.
 */
import { z } from 'zod';
import { ProfileSchema } from '../main/core/config/schema';
import { Channels, Events, type Channel } from './channels';
import {
  AppInfoSchema,
  AppPathsSchema,
  AvailabilityRequestSchema,
  AvailabilitySchema,
  BootStatusSchema,
  ChooseFileRequestSchema,
  EmptyPayloadSchema,
  HostKeyAnswerSchema,
  HostKeyPromptSchema,
  LogLineSchema,
  LogTailRequestSchema,
  OpenExternalSchema,
  SettingsPatchSchema,
  SettingsSchema,
  SetBootRequestSchema,
  TroubleshootEventSchema,
  OpenKeysEventSchema,
  TunnelIdSchema,
  TunnelSnapshotSchema,
  type AppInfo,
  type AppPaths,
  type Availability,
  type AvailabilityRange,
  type BootStatus,
  type HostKeyDecision,
  type HostKeyPrompt,
  type LogLine,
  type Profile,
  type ProfileInput,
  type Settings,
  type SettingsPatch,
  type TunnelSnapshot,
} from './schemas';
import {
  CheckPublicKeyRequestSchema,
  ConvertKeyRequestSchema,
  DiagnosticReportSchema,
  DiagnosticsRequestSchema,
  DiagnosticsStepEventSchema,
  MigrationDisableRequestSchema,
  MigrationDisableResultSchema,
  MigrationRunnersRequestSchema,
  MigrationRunnerViewSchema,
  PageantKeyViewSchema,
  PresentedHostKeySchema,
  GenerateKeyRequestSchema,
  ImportPreviewRequestSchema,
  ImportPreviewSchema,
  InspectKeyRequestSchema,
  KeyInfoSchema,
  KeyResultSchema,
  KeySummarySchema,
  LockKeyRequestSchema,
  PublicKeyCheckSchema,
  SavedPathSchema,
  SecretRefRequestSchema,
  StoreSecretRequestSchema,
  UnlockKeyRequestSchema,
  type DiagnosticReport,
  type DiagnosticsStepEvent,
  type MigrationRunnerView,
  type PageantKeyView,
  type PresentedHostKey,
  type ImportPreview,
  type ImportSource,
  type KeyInfo,
  type KeyResult,
  type KeySummary,
  type PublicKeyCheck,
} from './schemas-tools';

// ---- the table main validates with ----------------------------------------------------------
const Void = z.void();

/** For every channel: what the renderer may send and what main may answer. */
export const Requests = {
  [Channels.appInfo]: { payload: EmptyPayloadSchema, result: AppInfoSchema },
  [Channels.appOpenExternal]: { payload: OpenExternalSchema, result: Void },
  [Channels.appPaths]: { payload: EmptyPayloadSchema, result: AppPathsSchema },
  [Channels.appChooseFile]: { payload: ChooseFileRequestSchema, result: z.string().nullable() },
  [Channels.tunnelsList]: { payload: EmptyPayloadSchema, result: z.array(TunnelSnapshotSchema) },
  [Channels.tunnelsStart]: { payload: TunnelIdSchema, result: Void },
  [Channels.tunnelsStop]: { payload: TunnelIdSchema, result: Void },
  [Channels.tunnelsAnswerHostKey]: { payload: HostKeyAnswerSchema, result: Void },
  [Channels.logsTail]: { payload: LogTailRequestSchema, result: z.array(LogLineSchema) },
  [Channels.logsExport]: { payload: TunnelIdSchema, result: SavedPathSchema },
  [Channels.settingsGet]: { payload: EmptyPayloadSchema, result: SettingsSchema },
  [Channels.settingsSet]: { payload: SettingsPatchSchema, result: SettingsSchema },
  [Channels.profilesList]: { payload: EmptyPayloadSchema, result: z.array(ProfileSchema) },
  [Channels.profilesSave]: { payload: ProfileSchema, result: ProfileSchema },
  [Channels.profilesDelete]: { payload: TunnelIdSchema, result: Void },
  [Channels.keysList]: { payload: EmptyPayloadSchema, result: z.array(KeySummarySchema) },
  [Channels.keysConvert]: { payload: ConvertKeyRequestSchema, result: KeyResultSchema },
  [Channels.keysGenerate]: { payload: GenerateKeyRequestSchema, result: KeyResultSchema },
  [Channels.keysInspect]: { payload: InspectKeyRequestSchema, result: KeyInfoSchema },
  [Channels.keysCheckPublic]: {
    payload: CheckPublicKeyRequestSchema,
    result: PublicKeyCheckSchema,
  },
  [Channels.keysUnlock]: { payload: UnlockKeyRequestSchema, result: KeySummarySchema },
  [Channels.keysLock]: { payload: LockKeyRequestSchema, result: Void },
  [Channels.importsPreview]: { payload: ImportPreviewRequestSchema, result: ImportPreviewSchema },
  [Channels.secretsStore]: { payload: StoreSecretRequestSchema, result: Void },
  [Channels.secretsDelete]: { payload: SecretRefRequestSchema, result: Void },
  [Channels.diagnosticsRun]: { payload: DiagnosticsRequestSchema, result: DiagnosticReportSchema },
  [Channels.diagnosticsExport]: { payload: DiagnosticsRequestSchema, result: SavedPathSchema },
  [Channels.diagnosticsHostKey]: {
    payload: DiagnosticsRequestSchema,
    result: PresentedHostKeySchema,
  },
  [Channels.engineBootStatus]: { payload: EmptyPayloadSchema, result: BootStatusSchema },
  [Channels.engineSetBoot]: { payload: SetBootRequestSchema, result: BootStatusSchema },
  [Channels.historyAvailability]: {
    payload: AvailabilityRequestSchema,
    result: AvailabilitySchema,
  },
  [Channels.migrationRunners]: {
    payload: MigrationRunnersRequestSchema,
    result: z.array(MigrationRunnerViewSchema),
  },
  [Channels.migrationDisable]: {
    payload: MigrationDisableRequestSchema,
    result: MigrationDisableResultSchema,
  },
  [Channels.migrationPuttySessions]: { payload: EmptyPayloadSchema, result: ImportPreviewSchema },
  [Channels.migrationPuttyHostKey]: {
    payload: MigrationRunnersRequestSchema,
    result: PresentedHostKeySchema,
  },
  [Channels.migrationPageantKeys]: {
    payload: EmptyPayloadSchema,
    result: z.array(PageantKeyViewSchema),
  },
} as const satisfies Record<Channel, { payload: z.ZodType; result: z.ZodType }>;

export type RequestPayload<C extends Channel> = z.output<(typeof Requests)[C]['payload']>;
export type RequestResult<C extends Channel> = z.output<(typeof Requests)[C]['result']>;

/** What main pushes on each event channel. */
export const EventPayloads = {
  [Events.tunnelsChanged]: z.array(TunnelSnapshotSchema),
  [Events.tunnelsTroubleshoot]: TroubleshootEventSchema,
  [Events.tunnelsHostKey]: HostKeyPromptSchema,
  [Events.logsLine]: LogLineSchema,
  [Events.settingsChanged]: SettingsSchema,
  [Events.uiOpenKeys]: OpenKeysEventSchema,
  [Events.diagnosticsStep]: DiagnosticsStepEventSchema,
} as const;

export type Unsubscribe = () => void;

export interface Api {
  appInfo(): Promise<AppInfo>;
  /** Opens an allow-listed https page in the user's browser; anything else: `url-not-allowed`. */
  openExternal(url: string): Promise<void>;
  appPaths(): Promise<AppPaths>;
  /** A native open dialog; resolves null when cancelled. */
  chooseFile(purpose: 'key' | 'import'): Promise<string | null>;
  /** The absolute path of a file dropped on the window (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;

  listTunnels(): Promise<TunnelSnapshot[]>;
  startTunnel(id: string): Promise<void>;
  stopTunnel(id: string): Promise<void>;
  /** Subscribes to tunnel changes (the whole list each time); returns the unsubscribe function. */
  onTunnelsChanged(listener: (tunnels: TunnelSnapshot[]) => void): Unsubscribe;
  /** A tunnel stopped on an untrusted (or changed) server key: ask the user. */
  onHostKeyPrompt(listener: (prompt: HostKeyPrompt) => void): Unsubscribe;
  /**
   * `always` trusts the key for good, `once` until the app quits (a key held back by the engine,
   * policy `ask`; otherwise `unsupported`), `cancel` leaves the tunnel stopped.
   */
  answerHostKey(tunnelId: string, decision: HostKeyDecision): Promise<void>;
  /** A notification was clicked: show that tunnel's troubleshooting. */
  onOpenTroubleshooting(listener: (tunnelId: string) => void): Unsubscribe;
  /** A notification was clicked: show the Keys view (a key needs its passphrase). */
  onOpenKeys(listener: (keyFile?: string) => void): Unsubscribe;

  tailLog(tunnelId: string, limit?: number): Promise<LogLine[]>;
  onLogLine(listener: (line: LogLine) => void): Unsubscribe;

  getSettings(): Promise<Settings>;
  setSettings(patch: SettingsPatch): Promise<Settings>;
  onSettingsChanged(listener: (settings: Settings) => void): Unsubscribe;

  listProfiles(): Promise<Profile[]>;
  saveProfile(profile: ProfileInput): Promise<Profile>;
  deleteProfile(id: string): Promise<void>;

  listKeys(): Promise<KeySummary[]>;
  convertKey(request: z.input<typeof ConvertKeyRequestSchema>): Promise<KeyResult>;
  generateKey(request: z.input<typeof GenerateKeyRequestSchema>): Promise<KeyResult>;
  /** Reads a key file; with the passphrase it is also opened (`unlocked`), never returned. */
  inspectKey(path: string, passphrase?: string): Promise<KeyInfo>;
  checkPublicKey(text: string): Promise<PublicKeyCheck>;
  /**
   * Unlocks a key file once into the built-in agent (the Pageant replacement); the passphrase is
   * used and never returned. Wrong one: `wrong-passphrase`; encrypted and none given: `key-locked`.
   */
  unlockKey(path: string, passphrase?: string): Promise<KeySummary>;
  /** Forgets the key's private half (by its KeySummary id); it is listed locked again. */
  lockKey(id: string): Promise<void>;

  previewImport(source: ImportSource, text: string): Promise<ImportPreview>;

  /** Stores a password under `ref` in the OS-encrypted store; it never comes back. */
  storeSecret(ref: string, secret: string): Promise<void>;
  deleteSecret(ref: string): Promise<void>;

  /** Runs the checks; each is also pushed to `onDiagnosticsStep` as soon as it is settled. */
  runDiagnostics(tunnelId: string): Promise<DiagnosticReport>;
  onDiagnosticsStep(listener: (event: DiagnosticsStepEvent) => void): Unsubscribe;
  /** Connects once (no login) and answers the key the server presents; null when none came. */
  presentedHostKey(tunnelId: string): Promise<PresentedHostKey>;
  /**
   * Runs the checks and saves a support bundle (report, protocol log, tunnel log; secrets
   * scrubbed) where the user picks; resolves its path, or null when the user cancelled.
   */
  exportDiagnostics(tunnelId: string): Promise<string | null>;
  /** Saves the tunnel's log where the user picks; its path, or null when cancelled. */
  exportLog(tunnelId: string): Promise<string | null>;

  /** Is the engine's boot service installed ("keep tunnels running at startup"); asks no rights. */
  bootStatus(): Promise<BootStatus>;
  /**
   * Installs (or removes) the boot service that runs the engine as this user before anyone signs
   * in; the OS asks for administrator rights first. Resolves the new status; the prompt
   * cancelled: `cancelled` (nothing changed); any other failure: `boot-failed`.
   */
  setBoot(enabled: boolean): Promise<BootStatus>;

  /**
   * The tunnel's availability over the last 24 hours or 7 days up to now, from the engine's
   * history on disk: the strip's segments, the uptime and the outages. A tunnel with no history
   * yet answers one not-monitored segment (uptime null), not an error.
   */
  availability(id: string, range: AvailabilityRange): Promise<Availability>;

  /**
   * What already runs this tunnel on this machine (a plink scheduled task, a Startup shortcut or
   * batch file): two tunnels to one proxy break it. Empty where there is nothing to migrate.
   */
  migrationRunners(profileId: string): Promise<MigrationRunnerView[]>;
  /** Disables (never deletes) a runner the scan found; resolves how to undo it. */
  disableRunner(location: string): Promise<{ undo: string }>;
  /** PuTTY's saved sessions on this computer (Windows), as an import preview; else `unsupported`. */
  puttySessions(): Promise<ImportPreview>;
  /** The host key PuTTY accepted for this profile's server, if it ever did. */
  puttyHostKey(profileId: string): Promise<PresentedHostKey>;
  /** The key files Pageant loads at startup (from its shortcut or scheduled task). */
  pageantKeys(): Promise<PageantKeyView[]>;
}

declare global {
  interface Window {
    tunnelkeeper: Api;
  }
}
