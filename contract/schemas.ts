/**
 * The bridge's data shapes for the app, tunnels, logs, settings and profiles (keys, imports,
 * secrets and diagnostics are in schemas-tools.ts). Main validates with them; the renderer takes
 * their types only (zod stays out of its bundle). Import them from `contract` (index.ts).
 */
import { z } from 'zod';
// The profile schema is the CLI's config file schema: plain zod, so the contract takes it from core.
import { ProfileSchema } from '../main/core/config/schema';
import { CAUSES, type Cause } from './causes';
import { TUNNEL_STATES } from './tunnel-state';

export const Id = z.string().min(1).max(200);
export const Count = z.int().min(0);
/** Milliseconds since the epoch. */
export const Time = z.number().min(0);
/** Windows (`C:\…`, `\\server\…`) or POSIX absolute paths only: main never guesses a base. */
export const AbsolutePath = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^([A-Za-z]:[\\/]|\\\\|\/)/, 'expected an absolute path');
export const Secret = z.string().min(1).max(8192);

export const CauseSchema = z.enum(CAUSES);
export type { Cause };

/** Requests that carry nothing still validate what they receive: exactly nothing. */
export const EmptyPayloadSchema = z.undefined();

// ---- app ------------------------------------------------------------------------------------
export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  locale: z.string(),
  /** The algorithm names the engine speaks, per category (the form checks names against it). */
  algorithms: z.object({
    kex: z.array(z.string()),
    cipher: z.array(z.string()),
    hmac: z.array(z.string()),
    serverHostKey: z.array(z.string()),
  }),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;
export const OpenExternalSchema = z.strictObject({ url: z.string().max(2048) });
/** Where the app keeps things, for "open folder" links and for the CLI's `--config`. */
export const AppPathsSchema = z.object({ config: z.string(), logs: z.string() });
export type AppPaths = z.infer<typeof AppPathsSchema>;
export const ChooseFileRequestSchema = z.strictObject({ purpose: z.enum(['key', 'import']) });

// ---- tunnels --------------------------------------------------------------------------------
/** A tunnel's state crosses as its name only (contract/tunnel-state.ts, the one state machine). */
export const TunnelStateSchema = z.enum(TUNNEL_STATES);

/** What the tray and a one-line list need. */
export const TunnelSummarySchema = z.object({ id: Id, name: z.string(), state: TunnelStateSchema });
export type TunnelSummary = z.infer<typeof TunnelSummarySchema>;

export const ForwardViewSchema = z.object({
  id: Id,
  type: z.enum(['local', 'remote', 'dynamic']),
  label: z.string().optional(),
  /** `address:port` that listens (on this machine for local/dynamic, on the server for remote). */
  listen: z.string(),
  /** `host:port` connections are sent to; null for dynamic (SOCKS) forwards. */
  target: z.string().nullable(),
  state: z.enum(['pending', 'active', 'failed']),
  cause: CauseSchema.nullable(),
  connections: z.object({ active: Count, total: Count, failed: Count }),
  /** Bytes carried since the tunnel started: towards the target (out) and back (in). */
  bytesOut: Count,
  bytesIn: Count,
});
export type ForwardView = z.infer<typeof ForwardViewSchema>;

/** Everything the window shows about one tunnel. */
export const TunnelSnapshotSchema = TunnelSummarySchema.extend({
  /** Why it is not connected (or degraded); null when nothing is wrong. */
  cause: CauseSchema.nullable(),
  /** The error as it happened (for the troubleshooting panel and support); null when none. */
  detail: z.string().nullable(),
  /** When the tunnel entered its current state. */
  since: Time,
  /** When the next reconnect attempt is due, while waiting. */
  nextRetryAt: Time.nullable(),
  forwards: z.array(ForwardViewSchema),
  /** Reconnect attempts since the last good connection; bytes over all forwards, both ways. */
  counters: z.object({ reconnects: Count, bytesIn: Count, bytesOut: Count }),
});
export type TunnelSnapshot = z.infer<typeof TunnelSnapshotSchema>;

export const TunnelIdSchema = z.strictObject({ id: Id });

/**
 * A tunnel stopped because the server's host key is not trusted (or changed). Main learned the
 * key itself; the renderer only answers, so it can never pin a fingerprint of its choosing.
 */
export const HostKeyPromptSchema = z.object({
  tunnelId: Id,
  host: z.string(),
  port: z.int(),
  keyType: z.string(),
  fingerprint: z.string(),
  /** Set when the key differs from the trusted one: the window must warn, loudly. */
  previousFingerprint: z.string().optional(),
});
export type HostKeyPrompt = z.infer<typeof HostKeyPromptSchema>;
/**
 * `always` trusts the key for good (known_hosts for policy `ask`, else a pin in the profile) and
 * starts the tunnel again; `once` trusts it until the app quits (policy `ask` only, else
 * `unsupported`); `cancel` leaves the tunnel stopped.
 */
export const HostKeyDecisionSchema = z.enum(['once', 'always', 'cancel']);
export type HostKeyDecision = z.infer<typeof HostKeyDecisionSchema>;
export const HostKeyAnswerSchema = z.strictObject({
  tunnelId: Id,
  decision: HostKeyDecisionSchema,
});
export const TroubleshootEventSchema = z.object({ tunnelId: Id });
/** Open the Keys view; `keyFile` is the key that needs its passphrase, when there is one. */
export const OpenKeysEventSchema = z.object({ keyFile: z.string().optional() });

// ---- logs -----------------------------------------------------------------------------------
export const LogLineSchema = z.object({
  tunnelId: Id,
  time: Time,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string(),
});
export type LogLine = z.infer<typeof LogLineSchema>;
export const LogTailRequestSchema = z.strictObject({
  tunnelId: Id,
  limit: z.int().min(1).max(5000).default(500),
});

// ---- settings -------------------------------------------------------------------------------
export const SettingsSchema = z.object({
  language: z.enum(['system', 'en', 'ja']),
  startAtLogin: z.boolean(),
  notifications: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.partial().strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

// ---- the engine's boot service ------------------------------------------------------------
/**
 * "Keep tunnels running at startup": the engine installed as a boot service (Task Scheduler,
 * systemd, launchd) that runs the app's binary as this user. `platform` null: none on this OS.
 */
export const BootStatusSchema = z.object({
  installed: z.boolean(),
  /** Changing it asks for administrator rights (UAC, polkit, the macOS password). */
  needsAdmin: z.boolean(),
  platform: z.enum(['windows', 'linux', 'macos']).nullable(),
});
export type BootStatus = z.infer<typeof BootStatusSchema>;
export const SetBootRequestSchema = z.strictObject({ enabled: z.boolean() });

// ---- the availability history (main/core/history) -------------------------------------------
/** The periods the window draws: the last 24 hours or the last 7 days, up to now. */
export const AVAILABILITY_RANGES = ['24h', '7d'] as const;
export const AvailabilityRangeSchema = z.enum(AVAILABILITY_RANGES);
export type AvailabilityRange = z.infer<typeof AvailabilityRangeSchema>;
export const AvailabilityRequestSchema = z.strictObject({
  id: Id,
  range: AvailabilityRangeSchema,
});
/** A tunnel state, or `not-monitored`: no engine was watching (never read as "down"). */
export const HistoryStateSchema = z.enum([...TUNNEL_STATES, 'not-monitored']);
export type HistoryState = z.infer<typeof HistoryStateSchema>;
/** One stretch of the strip in one state with one cause; every instant is in exactly one. */
export const AvailabilitySegmentSchema = z.object({
  from: Time,
  to: Time,
  durationMs: Count,
  state: HistoryStateSchema,
  cause: CauseSchema.nullable(),
  /** The error as it happened, in English; null when none. */
  detail: z.string().nullable(),
});
export type AvailabilitySegment = z.infer<typeof AvailabilitySegmentSchema>;
/** A period not connected while watched (stopped included); an engine-down gap ends it. */
export const OutageSchema = z.object({
  from: Time,
  to: Time,
  durationMs: Count,
  /** What took it down; `causes`: every distinct cause during it, in order. */
  cause: CauseSchema.nullable(),
  causes: z.array(CauseSchema),
  states: z.array(TunnelStateSchema),
  /** Not over at the end of the period (now). */
  ongoing: z.boolean(),
});
export type Outage = z.infer<typeof OutageSchema>;
export const AvailabilitySchema = z.object({
  id: Id,
  range: AvailabilityRangeSchema,
  from: Time,
  to: Time,
  segments: z.array(AvailabilitySegmentSchema),
  monitoredMs: Count,
  connectedMs: Count,
  notMonitoredMs: Count,
  /** Connected over monitored time, in %; null when nothing was watched in the period. */
  uptimePercent: z.number().min(0).max(100).nullable(),
  outages: z.array(OutageSchema),
});
export type Availability = z.infer<typeof AvailabilitySchema>;

// ---- profiles (the same schema the CLI's config file uses) ----------------------------------
export { ProfileSchema };
export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;
