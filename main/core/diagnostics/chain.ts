import type { Duplex } from 'node:stream';
import type { Cause } from '../causes';
import { Chain, hopLabel, targetLabel } from '../tunnels/chain';
import { HopFailure } from '../tunnels/hop';
import { budget, logLine, withTimeout, type DiagContext } from './context';
import { isMessageKey } from './advice/catalogue';
import { detailOf, failureMessage, msg } from './detail';
import type { CheckId, CheckResult, Message, MessageParam } from './types';

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

/** `hop 1 (bastion:22)`, `socks5 proxy`, … joined by arrows, as the chain names its hops. */
function describeChain(ctx: DiagContext): Message {
  const { profile } = ctx;
  const hops: Message[] = (profile.jumps ?? []).map((h, i) =>
    hopMessage(hopLabel(i, h.host, h.port)),
  );
  if (profile.proxy)
    hops.unshift(msg('detail.chain.proxyType', { type: proxyWord(profile.proxy.type) }));
  const [first, ...rest] = hops;
  return rest.reduce<Message>(
    (from, to) => msg('detail.chain.path', { from, to }),
    first ?? msg('detail.raw', { raw: '' }),
  );
}

/** `http`, `socks5`, `socks4a`: said the way each language writes the protocol's name. */
function proxyWord(type: string): MessageParam {
  const key = `proxyType.${type}`;
  return isMessageKey(key) ? msg(key) : type;
}

/**
 * A hop's label from the chain (tunnels/chain.ts: `hop 1 (h:22)`, `proxy (socks5 proxy h:1080)`,
 * `target (h:22)`) as a message; anything else is kept as is.
 */
export function hopMessage(label: string): Message {
  const hop = /^hop (\d+) \((.*)\)$/.exec(label);
  if (hop) return msg('detail.chain.hop', { n: Number(hop[1]), address: hop[2] ?? '' });
  const proxy = /^proxy \((\S+) proxy (.*)\)$/.exec(label);
  if (proxy)
    return msg('detail.chain.proxy', { type: proxyWord(proxy[1] ?? ''), address: proxy[2] ?? '' });
  const target = /^target \((.*)\)$/.exec(label);
  if (target) return msg('detail.chain.target', { address: target[1] ?? '' });
  if (label === 'the chain') return msg('detail.chain.whole');
  return msg('detail.raw', { raw: label });
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
        ...detailOf(
          msg('detail.chain.passed', {
            hop: hopMessage(hop),
            check: id,
            title: msg(`check.${id}`),
          }),
        ),
      }));
    // The hop's name leads the classified text: said in words, the rest kept as evidence.
    const named = `${hop}: `;
    const message = failure.detail.startsWith(named)
      ? msg('detail.chain.failure', {
          where: hopMessage(hop),
          cause: msg(`cause.${failure.cause}`),
          raw: failure.detail.slice(named.length),
        })
      : failureMessage(failure);
    results.push({ id, status: 'fail', cause: failure.cause, ...detailOf(message) });
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
          ...detailOf(msg('detail.chain.timeout', { chain: describeChain(ctx), ms: limit })),
        },
      ],
    };
  }
  const path = { target: hopMessage(targetLabel(profile)), chain: describeChain(ctx) };
  return {
    chain,
    sock: opened,
    results: [
      { id: 'dns', status: 'pass', ...detailOf(msg('detail.chain.resolved', path)) },
      { id: 'tcp', status: 'pass', ...detailOf(msg('detail.chain.reached', path)) },
    ],
  };
}
