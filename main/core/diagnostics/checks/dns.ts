import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { budget, withTimeout, type DiagContext } from '../context';
import { detailOf, msg } from '../detail';
import type { CheckResult } from '../types';

export interface DnsOutcome {
  result: CheckResult;
  addresses: string[];
}

/**
 * Resolves the SSH host the way the connection will (getaddrinfo via dns.lookup, so hosts files
 * and the OS resolver count), and shows every address: a wrong or stale record is evidence.
 */
export async function checkDns(ctx: DiagContext): Promise<DnsOutcome> {
  const host = ctx.profile.host;
  if (isIP(host)) {
    return {
      addresses: [host],
      result: {
        id: 'dns',
        status: 'pass',
        ...detailOf(msg('detail.dns.ip', { host })),
      },
    };
  }
  try {
    const found = await withTimeout(
      lookup(host, { all: true }),
      budget(ctx, ctx.stepTimeoutMs),
      () => {
        throw Object.assign(new Error(`lookup of ${host} timed out`), { code: 'ETIMEOUT' });
      },
    );
    const addresses = found.map((entry) => entry.address);
    return {
      addresses,
      result: {
        id: 'dns',
        status: 'pass',
        ...detailOf(msg('detail.dns.resolved', { host, addresses: addresses.join(', ') })),
        data: { addresses },
      },
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'ERROR';
    return {
      addresses: [],
      result: {
        id: 'dns',
        status: 'fail',
        cause: 'dns-not-found',
        ...detailOf(msg('detail.dns.notFound', { host, code })),
        data: { code },
        advice: [{ key: 'dns.checkName', params: { host } }],
      },
    };
  }
}
