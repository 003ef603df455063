import type { CheckId } from '../../../contract/checks';
import type { Cause } from '../causes';

export { CHECK_IDS, type CheckId } from '../../../contract/checks';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/**
 * A catalogue key (advice/messages.*.ts) and its parameters, rendered in either language by
 * `translate` (core) or the window's i18next copy. A parameter is shown as is (host names,
 * ports, codes, fingerprints, paths), or is itself a message (a word to translate), or a list
 * of messages (joined by the catalogue's `list.separator`). A parameter named in
 * `VERBATIM_PARAMS` is text from outside (an OS or server error, what a server sent): English
 * or protocol words, shown as is in every language (the window marks it `lang="en"`).
 */
export interface Message {
  key: string;
  params?: MessageParams;
}
export type MessageParam = string | number | Message | Message[];
export type MessageParams = Record<string, MessageParam>;

/**
 * Parameters that carry text from outside, never translated (see Message): an OS, ssh2 or
 * server error, what a server sent, the SSH method names (publickey, password) it lists.
 */
export const VERBATIM_PARAMS = ['raw', 'excerpt', 'banner', 'method', 'methods'] as const;

/** One step of the advice: a catalogue key the UI translates, and its parameters. */
export type AdviceItem = Message;

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** One human line with the evidence (addresses, fingerprints, algorithm lists...). English. */
  detail: string;
  /**
   * The same line as a catalogue key and parameters, for the other language: `detail` is this
   * message rendered in English (every check of the core sets both, see detail.ts).
   */
  detailKey?: string;
  detailParams?: MessageParams;
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
  /**
   * Each check as soon as it is settled (the setup assistant ticks them off live); the report
   * still lists every check, including those never run.
   */
  onCheck?: (check: CheckResult) => void;
}
