import type { Cause } from '../../causes';
import type { Profile } from '../../config/profile';
import { messageOf } from '../detail';
import type { AdviceItem, CheckResult } from '../types';

export interface AdviceContext {
  profile: Profile;
  /** This site's public IP, only when a lookup service was configured and answered. */
  publicIp?: string;
}

/** The steps every occurrence of a cause gets, after the failing check's own evidence-based steps. */
function causeSteps(
  cause: Cause,
  ctx: AdviceContext,
  failing: CheckResult | undefined,
): AdviceItem[] {
  const host = ctx.profile.host;
  const port = ctx.profile.port;
  const allowList: AdviceItem[] = [
    ctx.publicIp
      ? { key: 'tcp.allowList.ip', params: { ip: ctx.publicIp } }
      : { key: 'tcp.allowList.find' },
    { key: 'tcp.allowList.openTest' },
  ];
  switch (cause) {
    case 'dns-not-found':
      return [{ key: 'dns.checkNetwork', params: { host } }];
    case 'tcp-refused':
      return [{ key: 'tcp.outboundFirewall', params: { host, port } }, ...allowList];
    case 'tcp-timeout':
    case 'tcp-reset':
      return [{ key: 'tcp.outboundFirewall', params: { host, port } }, ...allowList];
    case 'keepalive-timeout':
      return [{ key: 'generic.keepalive' }];
    case 'connection-lost':
      return [{ key: 'generic.connectionLost' }];
    case 'unknown':
      return [{ key: 'generic.unknown', params: { detail: failing ? messageOf(failing) : '' } }];
    default:
      return [];
  }
}

/** Ordered, de-duplicated advice for the one cause: evidence first, then the general steps. */
export function selectAdvice(
  cause: Cause | null,
  checks: CheckResult[],
  ctx: AdviceContext,
): AdviceItem[] {
  if (cause === null) return [];
  const failing = checks.find((c) => c.status === 'fail' && c.cause === cause);
  // Later failures were found too (e.g. the license server is down as well): their own steps
  // follow, so fixing the cause does not lead straight into the next wall.
  const later = checks
    .filter((c) => c !== failing && c.status === 'fail')
    .flatMap((c) => c.advice ?? []);
  const items = [...(failing?.advice ?? []), ...causeSteps(cause, ctx, failing), ...later];
  const seen = new Set<string>();
  return items.filter((item) => {
    const id = `${item.key}|${JSON.stringify(item.params ?? {})}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** Exactly one cause: the first failing check in the spec's order decides. */
export function selectCause(checks: CheckResult[]): Cause | null {
  const failing = checks.find((c) => c.status === 'fail');
  return failing ? (failing.cause ?? 'unknown') : null;
}
