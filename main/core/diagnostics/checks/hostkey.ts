import type { DiagContext } from '../context';
import { detailOf, english, msg } from '../detail';
import type { SessionOutcome } from '../session';
import type { CheckResult, Message } from '../types';

/** Names where trust comes from, so "mismatch" says against what. */
function trustSource(ctx: DiagContext): Message {
  const { pinned, knownHostsFile } = ctx.trust;
  if (pinned.length) return msg('trust.pinned', { fingerprints: pinned.join(', ') });
  if (knownHostsFile) return msg('trust.knownHosts', { path: knownHostsFile });
  return msg('trust.none');
}

export function checkHostKey(ctx: DiagContext, session: SessionOutcome): CheckResult {
  const { fingerprint, keyType, verdict, acceptedAsNew } = session.hostKey;
  const trusted = trustSource(ctx);
  const presented = {
    keyType: keyType ?? msg('hostkey.anyType'),
    fingerprint: fingerprint ?? msg('detail.none'),
    trusted,
  };
  const data = { fingerprint, keyType, trusted: english(trusted) };
  const params = { host: ctx.profile.host, fingerprint: fingerprint ?? '', keyType: keyType ?? '' };
  if (verdict === 'mismatch')
    return {
      id: 'hostkey',
      status: 'fail',
      cause: 'hostkey-mismatch',
      ...detailOf(msg('detail.hostkey.mismatch', presented)),
      data,
      advice: [{ key: 'hostkey.mismatch', params }],
    };
  if (verdict === 'unknown')
    return {
      id: 'hostkey',
      status: 'fail',
      cause: 'hostkey-unknown',
      ...detailOf(msg('detail.hostkey.unknown', presented)),
      data,
      advice: [{ key: 'hostkey.confirm', params }],
    };
  if (verdict === 'ok' && acceptedAsNew)
    return {
      id: 'hostkey',
      status: 'warn',
      ...detailOf(msg('detail.hostkey.new', presented)),
      data,
      advice: [{ key: 'hostkey.confirm', params }],
    };
  if (verdict === 'ok')
    return {
      id: 'hostkey',
      status: 'pass',
      ...detailOf(msg('detail.hostkey.ok', presented)),
      data,
    };
  // The session ended before the server showed its key.
  const failure = session.failure;
  return {
    id: 'hostkey',
    status: 'fail',
    cause: failure?.cause ?? 'unknown',
    ...detailOf(
      failure
        ? msg('detail.hostkey.ended', { cause: msg(`cause.${failure.cause}`), raw: failure.detail })
        : msg('detail.hostkey.endedNoReason'),
    ),
  };
}
