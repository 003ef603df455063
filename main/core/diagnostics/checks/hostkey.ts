import type { DiagContext } from '../context';
import type { SessionOutcome } from '../session';
import type { CheckResult } from '../types';

/** Names where trust comes from, so "mismatch" says against what. */
function trustSource(ctx: DiagContext): string {
  const { pinned, knownHostsFile } = ctx.trust;
  if (pinned.length) return `pinned ${pinned.join(', ')}`;
  if (knownHostsFile) return `known_hosts ${knownHostsFile}`;
  return 'nothing (no pinned fingerprint, no known_hosts file)';
}

export function checkHostKey(ctx: DiagContext, session: SessionOutcome): CheckResult {
  const { fingerprint, keyType, verdict, acceptedAsNew } = session.hostKey;
  const presented = `${keyType ?? 'key'} ${fingerprint ?? '(none)'}`;
  const data = { fingerprint, keyType, trusted: trustSource(ctx) };
  const params = { host: ctx.profile.host, fingerprint: fingerprint ?? '', keyType: keyType ?? '' };
  if (verdict === 'mismatch')
    return {
      id: 'hostkey',
      status: 'fail',
      cause: 'hostkey-mismatch',
      detail: `the server presented ${presented}, which differs from ${trustSource(ctx)}`,
      data,
      advice: [{ key: 'hostkey.mismatch', params }],
    };
  if (verdict === 'unknown')
    return {
      id: 'hostkey',
      status: 'fail',
      cause: 'hostkey-unknown',
      detail: `the server presented ${presented}; trusted: ${trustSource(ctx)}`,
      data,
      advice: [{ key: 'hostkey.confirm', params }],
    };
  if (verdict === 'ok' && acceptedAsNew)
    return {
      id: 'hostkey',
      status: 'warn',
      detail: `${presented} is new; policy accept-new records it on the first connection`,
      data,
      advice: [{ key: 'hostkey.confirm', params }],
    };
  if (verdict === 'ok')
    return {
      id: 'hostkey',
      status: 'pass',
      detail: `${presented} matches ${trustSource(ctx)}`,
      data,
    };
  // The session ended before the server showed its key.
  const failure = session.failure;
  return {
    id: 'hostkey',
    status: 'fail',
    cause: failure?.cause ?? 'unknown',
    detail: `the SSH handshake ended before the host key: ${failure?.detail ?? 'no reason given'}`,
  };
}
