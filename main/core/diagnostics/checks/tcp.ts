import type { Cause } from '../../causes';
import { budget, type DiagContext } from '../context';
import { RawProbe, type ConnectFailure, type ConnectKind } from '../probe';
import { detailOf, list, msg } from '../detail';
import type { AdviceItem, CheckResult, Message } from '../types';

const KIND_CAUSE: Record<ConnectKind, Cause> = {
  refused: 'tcp-refused',
  timeout: 'tcp-timeout',
  reset: 'tcp-reset',
  // No route: the same user-level story as a silent drop (wrong address, firewall, allow-list).
  unreachable: 'tcp-timeout',
  // This machine's own firewall said no: outbound blocked, as a rejecting firewall would.
  blocked: 'tcp-refused',
  other: 'unknown',
};

const KIND_TEXT = {
  refused: 'detail.tcp.refused',
  timeout: 'detail.tcp.timeout',
  reset: 'detail.tcp.reset',
  unreachable: 'detail.tcp.unreachable',
  blocked: 'detail.tcp.blocked',
  other: 'detail.tcp.other',
} as const satisfies Record<ConnectKind, string>;

export interface TcpOutcome {
  result: CheckResult;
  probe?: RawProbe;
  address?: string;
}

/** Connects to each resolved address in turn; the first that answers is the one we go on with. */
export type Connector = (
  address: string,
  port: number,
  timeoutMs: number,
) => Promise<RawProbe | ConnectFailure>;

export async function checkTcp(
  ctx: DiagContext,
  addresses: string[],
  // Injectable: a true "no answer" cannot be made on loopback, so the unit test provides one.
  connect: Connector = (address, port, timeoutMs) => RawProbe.connect(address, port, timeoutMs),
): Promise<TcpOutcome> {
  const { port } = ctx.profile;
  const failures: ConnectFailure[] = [];
  for (const address of addresses) {
    const started = Date.now();
    const timeoutMs = budget(ctx, ctx.tcpTimeoutMs);
    const outcome = await connect(address, port, timeoutMs);
    if (outcome instanceof RawProbe) {
      return {
        probe: outcome,
        address,
        result: {
          id: 'tcp',
          status: 'pass',
          ...detailOf(
            msg('detail.tcp.connected', {
              address: hostPort(address, port),
              ms: Date.now() - started,
            }),
          ),
          data: { address, port },
        },
      };
    }
    failures.push(outcome.kind === 'timeout' ? { ...outcome, code: `${timeoutMs} ms` } : outcome);
  }
  // The first address is the one the user expects; its failure is the headline.
  const first = failures[0] ?? { kind: 'other' as const, code: 'no address', address: '' };
  const lines: Message[] = failures.map((f) =>
    msg('detail.tcp.failed', {
      address: hostPort(f.address, port),
      reason: msg(KIND_TEXT[f.kind]),
      code: f.code,
    }),
  );
  const detail = detailOf(lines.length > 0 ? list(lines) : msg('detail.tcp.noAddress'));
  return {
    result: {
      id: 'tcp',
      status: 'fail',
      cause: KIND_CAUSE[first.kind],
      ...detail,
      data: { failures },
      advice: tcpAdvice(ctx, KIND_CAUSE[first.kind]),
    },
  };
}

export function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** The outbound-firewall step names the exact port: 22, or the provider's custom one (e.g. 443). */
export function tcpAdvice(ctx: DiagContext, cause: Cause): AdviceItem[] {
  const params = { host: ctx.profile.host, port: ctx.profile.port };
  if (cause === 'tcp-refused') return [{ key: 'tcp.refused.checkPort', params }];
  return [];
}
