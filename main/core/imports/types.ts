import type { AlgorithmSpec } from '../config/algorithms';
/**
 * Shared vocabulary of the importers: the sources, the structured warnings every reader emits,
 * the one error type they throw, and the draft a reader fills before it becomes a profile.
 */
export const IMPORT_SOURCES = ['plink', 'ssh', 'putty-reg', 'ssh-config', 'flexlm', 'rlm'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/**
 * Something the admin should know about an import: an option that was refused, malformed or not
 * applied, or a proposal that needs a fix. `code` is stable (machine-readable in `--json`);
 * `message` is one sentence for a person.
 */
export interface ImportWarning {
  code: string;
  message: string;
  /** The profile id it concerns, once ids are assigned. */
  profile?: string;
  forward?: string;
  /** 1-based line of the input it comes from, when there is one. */
  line?: number;
}

/**
 * The only error the importers throw: the input as a whole cannot give a profile (garbage, wrong
 * format, nothing to import). Anything smaller is a warning and the good parts are still offered.
 */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly warnings: readonly ImportWarning[] = [],
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ForwardDraft {
  type: 'local' | 'remote' | 'dynamic';
  /** Undefined: the tool's default (loopback), unless gateway ports say otherwise. */
  bindAddress?: string;
  bindPort: number;
  targetHost?: string;
  targetPort?: number;
  label?: string;
}

/** A jump host as the tools write it; what they leave out comes from the profile. */
export interface JumpDraft {
  host: string;
  port?: number;
  user?: string;
  /** Only ssh_config Host blocks and proxy commands name a key for the hop itself. */
  keyFile?: string;
}

export interface ProxyDraft {
  type: 'http' | 'socks5' | 'socks4a';
  host: string;
  port: number;
  user?: string;
}

/** What a reader learnt about one connection before defaults, ids and validation. */
export interface Draft {
  name?: string;
  host?: string;
  port?: number;
  user?: string;
  keyFile?: string;
  agent?: boolean;
  agentSocket?: string;
  pinned: string[];
  knownHostsFile?: string;
  policy?: 'strict' | 'accept-new';
  intervalSeconds?: number;
  countMax?: number;
  verbose?: boolean;
  /** KexAlgorithms / Ciphers / MACs / HostKeyAlgorithms, in OpenSSH syntax. */
  algorithms?: AlgorithmSpec;
  /** ssh -g / GatewayPorts: local and dynamic forwards without an address listen everywhere. */
  gatewayPorts?: boolean;
  forwards: ForwardDraft[];
  /** Jump hosts, first to last (ssh -J, ProxyJump, PuTTY's SSH proxy). */
  jumps?: JumpDraft[];
  /** Outbound proxy for the first hop. */
  proxy?: ProxyDraft;
  notes?: string;
  warnings: ImportWarning[];
  /** Where in the input the connection was found (1-based line), for messages. */
  line?: number;
}

export interface ImportOptions {
  /** Used when the input names no user, as ssh does (PuTTY would prompt). */
  localUser?: string;
  /** `~` and `%d` in ssh_config paths. */
  homeDir?: string;
  /** flexlm/rlm: the SSH server (license proxy) the proposals tunnel to, `[user@]host[:port]`. */
  tunnelHost?: string;
  /** flexlm/rlm: the private key for that server. */
  keyFile?: string;
  /** Shown in messages (a file name, or "command line"). */
  inputName?: string;
}

export function newDraft(line?: number): Draft {
  return { pinned: [], forwards: [], warnings: [], ...(line ? { line } : {}) };
}

export function warn(draft: Draft, code: string, message: string): void {
  draft.warnings.push({ code, message, ...(draft.line ? { line: draft.line } : {}) });
}
