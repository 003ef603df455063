import type { Cause } from '../causes';

/** The checks of `diagnose`, in the order they run (../shared/spec/cli.md). Never reorder. */
export const CHECK_IDS = [
  'dns',
  'tcp',
  'banner',
  'kex',
  'hostkey',
  'auth',
  'forwards',
  'targets',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One step of the advice: a catalogue key the UI translates, and its parameters. */
export interface AdviceItem {
  key: string;
  params?: Record<string, string | number>;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One human line with the evidence (addresses, fingerprints, algorithm lists...). English. */
  detail: string;
  /** Set on `fail` (and on a `warn` that names a likely problem). */
  cause?: Cause;
  /** Structured evidence for the UI and the bundle. */
  data?: Record<string, unknown>;
  /** Advice steps this check's findings add (before the cause's generic steps). */
  advice?: AdviceItem[];
  durationMs?: number;
}

export interface DiagnoseReport {
  profile: string;
  checks: CheckResult[];
  /** The one cause of ../shared/spec/cli.md, or null when every check passed (or only warned). */
  cause: Cause | null;
  adviceKeys: AdviceItem[];
  startedAt: string;
  durationMs: number;
  /** This site's public IP, when a lookup service was configured and a network cause found. */
  publicIp?: string;
  /** The ssh2 protocol log of the run (like `plink -v`), for the bundle. */
  log: string[];
}

export interface DiagnoseOptions {
  /** TCP connect timeout (ms). */
  tcpTimeoutMs?: number;
  /** Timeout of each other network step: banner, SSH handshake + auth, each bind, each target. */
  stepTimeoutMs?: number;
  /** The whole run stops starting new work after this (ms); the spec wants ≤ 30 s. */
  totalTimeoutMs?: number;
  /**
   * URL of a "what is my IP" service answering the address as plain text. Only when set is it
   * contacted (never the internet by default): the address goes into the allow-list advice.
   */
  publicIpUrl?: string;
  /**
   * Resolves the profile's `passwordRef` from the OS secret store (the app passes its store;
   * the CLI has none, so a password-only profile is reported as such).
   */
  resolveSecret?: (ref: string) => Promise<string | undefined>;
  /**
   * The known_hosts file used when the profile names none, as the supervisor does (the CLI's
   * `<data dir>/known_hosts`), so `diagnose` trusts exactly what `up` trusts.
   */
  knownHostsFile?: string;
  /** Agent socket default when the profile names none (SSH_AUTH_SOCK). */
  env?: NodeJS.ProcessEnv;
}
