/**
 * The one vocabulary of failure causes (../shared/spec/cli.md): `up`, `diagnose`, the app's
 * troubleshooting panel and its translations all use these codes. Add freely; never rename.
 */
export const CAUSES = [
  'dns-not-found',
  'tcp-refused',
  'tcp-timeout',
  'tcp-reset',
  'not-ssh',
  'kex-mismatch',
  'hostkey-unknown',
  'hostkey-mismatch',
  'auth-rejected',
  'key-locked',
  'key-unreadable',
  'agent-empty',
  'forward-refused',
  'local-port-in-use',
  'target-unreachable',
  'keepalive-timeout',
  'connection-lost',
  'unknown',
] as const;

export type Cause = (typeof CAUSES)[number];

export function isCause(value: unknown): value is Cause {
  return typeof value === 'string' && (CAUSES as readonly string[]).includes(value);
}
