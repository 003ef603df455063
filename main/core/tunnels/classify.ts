import type { Cause } from '../causes';
import { KeyError } from '../keys/errors';

/**
 * The one place where errors become cause codes (../shared/design/pitfalls.md lists ssh2's
 * texts and levels). Every other module calls this instead of matching messages itself.
 */
export interface Classified {
  cause: Cause;
  detail: string;
}

/** How far an attempt got; the same error means different things at different phases. */
export interface AttemptPhase {
  tcpConnected: boolean;
  handshakeDone: boolean;
  ready: boolean;
  /** Set by the host-key check when it refused the key. */
  hostKeyVerdict?: 'mismatch' | 'unknown';
  /** Auth used only the agent and the agent had no keys. */
  agentEmpty?: boolean;
  /** The first bytes the server sent before any SSH identification line (e.g. an HTTP reply). */
  preBanner?: string;
  readyTimeoutMs?: number;
}

const KEY_CAUSES: Record<string, Cause> = {
  'key-unreadable': 'key-unreadable',
  'key-locked': 'key-locked',
  'wrong-passphrase': 'key-locked',
  corrupt: 'key-unreadable',
  unsupported: 'key-unreadable',
};

function text(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function classifyError(error: unknown, phase?: AttemptPhase): Classified {
  if (error instanceof KeyError) {
    const cause = KEY_CAUSES[error.code] ?? 'key-unreadable';
    return { cause, detail: error.message };
  }
  const message = text(error);
  const code = (error as { code?: unknown } | null)?.code;
  const level = (error as { level?: unknown } | null)?.level;
  const up = phase?.ready ?? false;

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME')
    return { cause: 'dns-not-found', detail: `the host name does not resolve (${message})` };
  if (code === 'ECONNREFUSED')
    return {
      cause: 'tcp-refused',
      detail: `nothing listens there or a firewall rejects (${message})`,
    };
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
    return { cause: 'local-port-in-use', detail: `cannot listen on this machine (${message})` };
  if (/Keepalive timeout/i.test(message))
    return { cause: 'keepalive-timeout', detail: 'the server stopped answering keepalives' };
  if (/Unable to bind/i.test(message)) return { cause: 'forward-refused', detail: message };
  if (/Channel open failure/i.test(message))
    return { cause: 'target-unreachable', detail: message };
  if (/Host denied|verification failed/i.test(message))
    return phase?.hostKeyVerdict === 'unknown'
      ? { cause: 'hostkey-unknown', detail: 'the server host key is not trusted yet' }
      : { cause: 'hostkey-mismatch', detail: 'the server host key differs from the trusted one' };
  if (level === 'client-authentication' || /authentication methods failed/i.test(message))
    return phase?.agentEmpty
      ? { cause: 'agent-empty', detail: 'the SSH agent holds no usable key' }
      : { cause: 'auth-rejected', detail: 'the server refused every offered credential' };
  if (/Handshake failed: no matching/i.test(message) || level === 'handshake')
    return { cause: 'kex-mismatch', detail: message };
  if (
    /Invalid identification string|Header line too long|Bad identification|protocol version/i.test(
      message,
    )
  )
    return { cause: 'not-ssh', detail: `what answered is not an SSH server (${message})` };
  if (/Timed out while waiting for handshake/i.test(message)) {
    if (!phase?.tcpConnected)
      return { cause: 'tcp-timeout', detail: 'no answer to the TCP connect' };
    if (!phase.handshakeDone)
      return { cause: 'tcp-timeout', detail: 'connected, but the SSH handshake got no answer' };
    return { cause: 'unknown', detail: `authentication did not finish in time (${message})` };
  }
  if (
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'ENETDOWN'
  )
    return up
      ? { cause: 'connection-lost', detail: message }
      : { cause: 'tcp-timeout', detail: `no answer to the TCP connect (${message})` };
  const foreign = phase && notSsh(phase);
  if (foreign) return foreign;
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /Connection lost before handshake/i.test(message)
  )
    return up
      ? { cause: 'connection-lost', detail: `the connection was reset (${message})` }
      : { cause: 'tcp-reset', detail: `the connection was reset during set-up (${message})` };
  if (up) return { cause: 'connection-lost', detail: message };
  return { cause: 'unknown', detail: message };
}

/** How a session ended that closed without any error. */
export function classifyQuietClose(phase: AttemptPhase): Classified {
  if (phase.ready) return { cause: 'connection-lost', detail: 'the server closed the session' };
  const foreign = notSsh(phase);
  if (foreign) return foreign;
  if (!phase.tcpConnected)
    return { cause: 'tcp-reset', detail: 'the connection closed during set-up' };
  return { cause: 'tcp-reset', detail: 'the server closed the connection during set-up' };
}

/** Causes only a person can fix: the supervisor stops and says `failed`. */
export const PERMANENT_CAUSES: ReadonlySet<Cause> = new Set<Cause>([
  'hostkey-mismatch',
  'hostkey-unknown',
  'key-locked',
]);

/** Causes where a cheap TCP probe may tell us the server is back before the timer does. */
export const NETWORK_CAUSES: ReadonlySet<Cause> = new Set<Cause>([
  'dns-not-found',
  'tcp-refused',
  'tcp-timeout',
  'tcp-reset',
  'keepalive-timeout',
  'connection-lost',
]);

/**
 * ssh2 treats text before the identification line as a greeting and ends without a clear error
 * when no identification follows: then something that is not SSH answered (HTTP, TLS …).
 */
function notSsh(phase: AttemptPhase): Classified | undefined {
  if (phase.handshakeDone || !phase.preBanner || /^SSH-/m.test(phase.preBanner)) return undefined;
  return {
    cause: 'not-ssh',
    detail: `what answered is not an SSH server: "${printable(phase.preBanner)}"`,
  };
}

/** The first line of what answered, safe to show: control bytes as dots, at most 60 characters. */
function printable(bytes: string): string {
  const line = bytes.split(/\r?\n/)[0] ?? '';
  return line.replace(/[^\x20-\x7e]/g, '.').slice(0, 60);
}
