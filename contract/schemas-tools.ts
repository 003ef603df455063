/**
 * The bridge's data shapes for the tools: keys, imports, secrets, diagnostics. Passphrases
 * and passwords appear in request schemas only. Import them from `contract` (index.ts).
 */
import { z } from 'zod';
import { ProfileSchema } from '../main/core/config/schema';
import { AbsolutePath, CauseSchema, Count, Id, Secret, Time } from './schemas';

// ---- keys -----------------------------------------------------------------------------------
export const KeySummarySchema = z.object({
  id: Id,
  path: z.string(),
  type: z.string(),
  bits: Count,
  fingerprint: z.string(),
  comment: z.string(),
  format: z.string(),
  encrypted: z.boolean(),
  /** The built-in agent holds it unlocked (its private half in memory): no passphrase needed. */
  unlocked: z.boolean(),
});
export type KeySummary = z.infer<typeof KeySummarySchema>;

/**
 * Where a new key file may be written: never over an existing file (main refuses), and never
 * under a name Windows or a desktop would run, so not even a compromised page can plant a
 * script with this channel.
 */
const KeyOutputPath = AbsolutePath.refine(
  (p) =>
    !/\.(bat|cmd|com|exe|msi|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|lnk|url|scr|pif|cpl|reg|dll|sh|desktop)$/i.test(
      p,
    ),
  'not a key file name',
);

export const KeyOutputFormatSchema = z.enum(['openssh', 'ppk3', 'ppk2', 'pem', 'pkcs8']);
export const ConvertKeyRequestSchema = z.strictObject({
  sourcePath: AbsolutePath,
  passphrase: Secret.optional(),
  targetFormat: KeyOutputFormatSchema,
  outputPath: KeyOutputPath,
  /** Encrypts the output; omitted writes it unencrypted (the UI warns). */
  newPassphrase: Secret.optional(),
});
export type ConvertKeyRequest = z.infer<typeof ConvertKeyRequestSchema>;

export const GenerateKeyRequestSchema = z.strictObject({
  type: z.enum(['ed25519', 'rsa', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521']),
  bits: z.int().min(2048).max(8192).optional(),
  comment: z.string().max(500).default(''),
  passphrase: Secret.optional(),
  format: z.enum(['openssh', 'ppk3']),
  outputPath: KeyOutputPath,
});
export type GenerateKeyRequest = z.infer<typeof GenerateKeyRequestSchema>;

/** The public half only: the one-line public key is what users paste at the provider. */
export const KeyResultSchema = z.object({
  key: KeySummarySchema,
  outputPath: z.string(),
  publicKeyLine: z.string(),
});
export type KeyResult = z.infer<typeof KeyResultSchema>;

export const InspectKeyRequestSchema = z.strictObject({
  path: AbsolutePath,
  passphrase: Secret.optional(),
});
/** Unlock a key file into the built-in agent; the passphrase crosses once and never comes back. */
export const UnlockKeyRequestSchema = z.strictObject({
  path: AbsolutePath,
  passphrase: Secret.optional(),
});
/** Drop a key's private half from the agent (by the id of its KeySummary). */
export const LockKeyRequestSchema = z.strictObject({ id: Id });
/** What a key file is, without its private half. */
export const KeyInfoSchema = z.object({
  format: z.string(),
  keyType: z.string(),
  bits: Count,
  encrypted: z.boolean(),
  /** False while an encrypted key has not been opened with its passphrase. */
  unlocked: z.boolean(),
  comment: z.string(),
  fingerprint: z.string(),
  /** The one-line OpenSSH public key. */
  publicKey: z.string(),
});
export type KeyInfo = z.infer<typeof KeyInfoSchema>;

/** A public key pasted by the user (from the provider's page, Notepad, PowerShell …). */
export const CheckPublicKeyRequestSchema = z.strictObject({ text: z.string().max(65_536) });
export const PublicKeyCheckSchema = z.object({
  ok: z.boolean(),
  keyType: z.string().nullable(),
  fingerprint: z.string().nullable(),
  /** A stable code the window translates (`truncated`, `line-breaks`, `utf16` …). */
  problem: z.string().nullable(),
  /** One English sentence, for logs and support. */
  message: z.string(),
  /** The repaired one-line key when it could be rebuilt. */
  suggestion: z.string().nullable(),
  comment: z.string().nullable(),
});
export type PublicKeyCheck = z.infer<typeof PublicKeyCheckSchema>;

// ---- imports (plink command lines, PuTTY sessions, ssh_config, license files) ---------------
export const ImportSourceSchema = z.enum([
  'auto',
  'plink',
  'ssh',
  'putty-reg',
  'ssh-config',
  'flexlm',
  'rlm',
]);
export type ImportSource = z.infer<typeof ImportSourceSchema>;
export const ImportPreviewRequestSchema = z.strictObject({
  source: ImportSourceSchema,
  text: z.string().min(1).max(1_048_576),
});
export const ImportWarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  profile: z.string().optional(),
  forward: z.string().optional(),
  line: z.int().optional(),
});
/** Nothing is saved: the window shows the profiles and saves the ones the user keeps. */
export const ImportPreviewSchema = z.object({
  profiles: z.array(ProfileSchema),
  warnings: z.array(ImportWarningSchema),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

// ---- migration from PuTTY (what already runs a tunnel on this machine) ----------------------
/** A scheduled task or a Startup item that starts plink/ssh with a tunnel. */
export const MigrationRunnerViewSchema = z.object({
  kind: z.enum(['task', 'startup-shortcut', 'startup-script']),
  name: z.string(),
  /** The task path or the Startup item's file: what "disable" names. */
  location: z.string(),
  /** What it starts, passwords removed. */
  command: z.string(),
  enabled: z.boolean(),
  runsWhenLoggedOff: z.boolean(),
  /** The forwards it shares with the profile (`R1055→licsrv:1055`); empty: same server only. */
  sameForwards: z.array(z.string()),
});
export type MigrationRunnerView = z.infer<typeof MigrationRunnerViewSchema>;
export const MigrationRunnersRequestSchema = z.strictObject({ profileId: Id });
export const MigrationDisableRequestSchema = z.strictObject({
  location: z.string().min(1).max(4096),
});
export const MigrationDisableResultSchema = z.object({ undo: z.string() });
/** A key file Pageant loads at startup, and what starts Pageant with it. */
export const PageantKeyViewSchema = z.object({ path: z.string(), from: z.string() });
export type PageantKeyView = z.infer<typeof PageantKeyViewSchema>;

// ---- secrets (write-only from the renderer) -------------------------------------------------
/** A name a profile's `auth.passwordRef` points at. */
export const SecretRefSchema = z.string().regex(/^[A-Za-z0-9._:@-]{1,200}$/, 'bad secret name');
export const StoreSecretRequestSchema = z.strictObject({ ref: SecretRefSchema, secret: Secret });
export const SecretRefRequestSchema = z.strictObject({ ref: SecretRefSchema });

// ---- diagnostics ----------------------------------------------------------------------------
/**
 * A catalogue key the renderer translates (main/core/diagnostics/advice), with parameters: a
 * parameter is shown as is, or is itself a message (a word to translate), or a list of them.
 */
export interface DiagnosticMessage {
  key: string;
  params?: Record<string, DiagnosticMessageParam>;
}
export type DiagnosticMessageParam = string | number | DiagnosticMessage | DiagnosticMessage[];
const MessageParamsSchema: z.ZodType<Record<string, DiagnosticMessageParam>> = z.lazy(() =>
  z.record(
    z.string(),
    z.union([z.string(), z.number(), AdviceSchema, z.array(AdviceSchema).max(200)]),
  ),
);
export const AdviceSchema: z.ZodType<DiagnosticMessage> = z.object({
  key: z.string(),
  params: MessageParamsSchema.optional(),
});
export const DiagnosticStepSchema = z.object({
  id: z.string(),
  status: z.enum(['pass', 'warn', 'fail', 'skip']),
  cause: CauseSchema.nullable(),
  /** One line of evidence, in English (addresses, fingerprints, algorithms). */
  detail: z.string(),
  /** The same line as a catalogue key and parameters, for the window's language. */
  detailKey: z.string().optional(),
  detailParams: MessageParamsSchema.optional(),
  advice: z.array(AdviceSchema),
});
export const DiagnosticReportSchema = z.object({
  tunnelId: Id,
  startedAt: Time,
  finishedAt: Time,
  /** The first failing step's cause; null when every step passed. */
  cause: CauseSchema.nullable(),
  steps: z.array(DiagnosticStepSchema),
  /** What to do, in order. */
  advice: z.array(AdviceSchema),
});
export type DiagnosticReport = z.infer<typeof DiagnosticReportSchema>;
export type DiagnosticStep = z.infer<typeof DiagnosticStepSchema>;
/** One check of a diagnosis still running, as soon as it is settled. */
export const DiagnosticsStepEventSchema = z.object({ tunnelId: Id, step: DiagnosticStepSchema });
export type DiagnosticsStepEvent = z.infer<typeof DiagnosticsStepEventSchema>;
/** The key the server presents now (one connection, no login); null when none was seen. */
export const PresentedHostKeySchema = z
  .object({ keyType: z.string(), fingerprint: z.string() })
  .nullable();
export type PresentedHostKey = z.infer<typeof PresentedHostKeySchema>;
export const DiagnosticsRequestSchema = z.strictObject({ tunnelId: Id });

/** Where main saved a file the user asked for (and showed it in the file manager); null: cancelled. */
export const SavedPathSchema = z.string().nullable();
