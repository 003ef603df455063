import type { Duplex } from 'node:stream';
import type { Cause } from '../causes';
import { Chain, hopLabel, targetLabel } from '../tunnels/chain';
import { HopFailure } from '../tunnels/hop';
import { budget, logLine, withTimeout, type DiagContext } from './context';
import type { CheckId, CheckResult } from './types';

/**
 * Diagnosis of a profile that goes through a proxy and/or jump hosts. The chain is opened with
 * the tunnel engine's own code (same trust, credentials and order as `up`), so a failure is
 * exactly what `up` would report, hop named. The check a failure lands on follows its cause:
 * a refused bastion is `tcp`, a wrong bastion key `hostkey`, a refused bastion login `auth`.
 * The final host's dns and tcp steps happen on the last hop, so they pass with that evidence.
 */
const CHECK_OF_CAUSE: Partial<Record<Cause, CheckId>> = {
  'dns-not-found': 'dns',
  'tcp-refused': 'tcp',
  'tcp-timeout': 'tcp',
  'tcp-reset': 'tcp',
  'not-ssh': 'banner',
  'kex-mismatch': 'kex',
  'hostkey-unknown': 'hostkey',
  'hostkey-mismatch': 'hostkey',
  'auth-rejected': 'auth',
  'agent-empty': 'auth',
  'key-locked': 'auth',
  'key-unreadable': 'auth',
};

export const checkForCause = (cause: Cause): CheckId => CHECK_OF_CAUSE[cause] ?? 'tcp';

export interface ChainOutcome {
  chain: Chain;
  /** The stream to the final host, when every hop is up. */
  sock?: Duplex;
  /** Results for the checks the chain decided (the failing one, and those before it). */
  results: CheckResult[];
}

function describeChain(ctx: DiagContext): string {
  const { profile } = ctx;
  const hops = (profile.jumps ?? []).map((h, i) => hopLabel(i, h.host, h.port));
  if (profile.proxy) hops.unshift(`${profile.proxy.type} proxy`);
  return hops.join(' → ');
}

export async function openDiagnosticChain(
  ctx: DiagContext,
  secrets: string[],
): Promise<ChainOutcome> {
  const { profile, options } = ctx;
  const chain = new Chain({
    profile,
    resolveSecret: options.resolveSecret,
    knownHostsFile: ctx.trust.knownHostsFile,
    log: (level, message) => logLine(ctx, `${level}: ${message}`),
    addSecrets: (s) => secrets.push(...s),
  });
  const hops = (profile.jumps?.length ?? 0) + (profile.proxy ? 1 : 0);
  const limit = budget(ctx, ctx.stepTimeoutMs * Math.max(1, hops));
  const timedOut = Symbol('timeout');
  let opened: Duplex | undefined | typeof timedOut;
  try {
    opened = await withTimeout<Duplex | undefined | typeof timedOut>(
      chain.open(),
      limit,
      () => timedOut,
    );
  } catch (error) {
    chain.close();
    const failure =
      error instanceof HopFailure
        ? error.classified
        : { cause: 'unknown' as const, detail: (error as Error).message };
    const hop = error instanceof HopFailure && error.hop ? error.hop : 'the chain';
    const id = checkForCause(failure.cause);
    const before = ['dns', 'tcp', 'banner', 'kex', 'hostkey', 'auth'] as const;
    const results: CheckResult[] = before
      .slice(0, before.indexOf(id as (typeof before)[number]))
      .map((earlier) => ({
        id: earlier,
        status: 'pass',
        detail: `${hop}: passed (the ${id} step failed)`,
      }));
    results.push({ id, status: 'fail', cause: failure.cause, detail: failure.detail });
    return { chain, results };
  }
  if (opened === timedOut) {
    chain.close();
    return {
      chain,
      results: [
        {
          id: 'tcp',
          status: 'fail',
          cause: 'tcp-timeout',
          detail: `the chain (${describeChain(ctx)}) did not open within ${limit} ms`,
        },
      ],
    };
  }
  const via = `via ${describeChain(ctx)}`;
  return {
    chain,
    sock: opened,
    results: [
      {
        id: 'dns',
        status: 'pass',
        detail: `${targetLabel(profile)}: resolved by the last hop (${via})`,
      },
      {
        id: 'tcp',
        status: 'pass',
        detail: `${targetLabel(profile)}: reached ${via}; every hop verified and authenticated`,
      },
    ],
  };
}
