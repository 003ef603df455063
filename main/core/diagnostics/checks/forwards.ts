import net from 'node:net';
import { bindAddressOf } from '../../config/schema';
import type { Client } from 'ssh2';
import type { Cause } from '../../causes';
import type { Forward, RemoteForward } from '../../config/profile';
import { budget, type DiagContext } from '../context';
import { forwardIn, forwardOutProbe, unforwardIn } from '../ssh-ops';
import type { LockOwner } from '../../tunnels/lock';
import { detailOf, english, list, messageOf, msg } from '../detail';
import type { AdviceItem, CheckResult, Message } from '../types';

export interface ForwardFinding {
  id: string;
  type: Forward['type'];
  bind: string;
  status: 'ok' | 'failed' | 'skipped';
  cause?: Cause;
  /** For a refused remote bind: what it most likely is, and how sure we are. */
  verdict?: 'in-use' | 'not-permitted' | 'port-refused';
  confidence?: 'high' | 'medium' | 'low';
  detail: string;
}

/** A finding and its detail as a message (the finding's `detail` is that message in English). */
interface Found {
  finding: ForwardFinding;
  result: Message;
}

function found(finding: Omit<ForwardFinding, 'detail'>, result: Message): Found {
  return { finding: { ...finding, detail: english(result) }, result };
}

const ANY = new Set(['0.0.0.0', '::', '*', '']);

function bindText(address: string, port: number): string {
  return `${address || '*'}:${port}`;
}

/**
 * OpenSSH answers a refused bind with a bare failure, so "in use" and "not permitted" look alike
 * (pitfalls.md). Two more questions tell them apart: does something accept connections on that
 * port on the server (then it is taken), and may we bind a port the server picks (then forwarding
 * works and only this port is refused)?
 */
async function explainRefusal(
  ctx: DiagContext,
  client: Client,
  forward: RemoteForward,
): Promise<Found> {
  const timeout = budget(ctx, ctx.stepTimeoutMs);
  const connectHost = ANY.has(bindAddressOf(forward)) ? '127.0.0.1' : bindAddressOf(forward);
  const listening = await forwardOutProbe(client, connectHost, forward.bindPort, timeout);
  const base = {
    id: forward.id,
    type: forward.type,
    bind: bindText(bindAddressOf(forward), forward.bindPort),
    status: 'failed' as const,
    cause: 'forward-refused' as const,
  };
  if (listening.ok)
    return found(
      { ...base, verdict: 'in-use', confidence: 'high' },
      msg('detail.forward.inUse', { port: forward.bindPort }),
    );
  const other = await forwardIn(client, bindAddressOf(forward), 0, timeout);
  if (other.ok) {
    await unforwardIn(client, bindAddressOf(forward), other.port, timeout);
    return found(
      { ...base, verdict: 'port-refused', confidence: 'medium' },
      msg('detail.forward.portRefused', { other: other.port, port: forward.bindPort }),
    );
  }
  // Sure only when the server itself said nothing listens there. "Prohibited" leaves a corner
  // open (a taken port under a PermitListen that refuses port 0), so that stays "medium".
  const nothingListens = listening.reason === 'connect-failed';
  return found(
    { ...base, verdict: 'not-permitted', confidence: nothingListens ? 'high' : 'medium' },
    msg(
      nothingListens ? 'detail.forward.notPermittedNothingListens' : 'detail.forward.notPermitted',
    ),
  );
}

async function checkRemote(
  ctx: DiagContext,
  client: Client,
  forward: RemoteForward,
): Promise<Found> {
  const timeout = budget(ctx, ctx.stepTimeoutMs);
  const bound = await forwardIn(client, bindAddressOf(forward), forward.bindPort, timeout);
  if (bound.ok) {
    await unforwardIn(client, bindAddressOf(forward), bound.port, timeout);
    return found(
      {
        id: forward.id,
        type: 'remote',
        bind: bindText(bindAddressOf(forward), bound.port),
        status: 'ok',
      },
      msg('detail.forward.remoteOk'),
    );
  }
  return explainRefusal(ctx, client, forward);
}

function checkLocal(forward: Forward): Promise<Found> {
  const bind = bindText(bindAddressOf(forward), forward.bindPort);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? msg('detail.forward.localInUse')
          : error.code === 'EACCES'
            ? msg('detail.forward.localDenied')
            : error.code === 'EADDRNOTAVAIL'
              ? msg('detail.forward.localNotHere')
              : msg('detail.raw', { raw: error.message });
      resolve(
        found(
          {
            id: forward.id,
            type: forward.type,
            bind,
            status: 'failed',
            cause: 'local-port-in-use',
          },
          msg('detail.forward.localFailed', { reason: why, code: String(error.code) }),
        ),
      );
    });
    const host =
      bindAddressOf(forward) === '*' || bindAddressOf(forward) === ''
        ? undefined
        : bindAddressOf(forward);
    server.listen({ host, port: forward.bindPort, exclusive: true }, () => {
      server.close(() =>
        resolve(
          found(
            { id: forward.id, type: forward.type, bind, status: 'ok' },
            msg('detail.forward.localFree'),
          ),
        ),
      );
    });
  });
}

export async function checkForwards(
  ctx: DiagContext,
  client: Client | undefined,
): Promise<{ result: CheckResult; findings: ForwardFinding[] }> {
  const forwards = ctx.profile.forwards;
  if (forwards.length === 0)
    return {
      findings: [],
      result: { id: 'forwards', status: 'pass', ...detailOf(msg('detail.forward.none')) },
    };
  const all: Found[] = [];
  for (const forward of forwards) {
    if (forward.type !== 'remote') all.push(await checkLocal(forward));
    else if (client) all.push(await checkRemote(ctx, client, forward));
    else
      all.push(
        found(
          {
            id: forward.id,
            type: 'remote',
            bind: bindText(bindAddressOf(forward), forward.bindPort),
            status: 'skipped',
          },
          msg('detail.needsSession'),
        ),
      );
  }
  const findings = all.map((f) => f.finding);
  const lines = list(
    all.map(({ finding: f, result }) => {
      const params = { type: msg(`forwardType.${f.type}`), id: f.id, bind: f.bind, result };
      return f.confidence
        ? msg('detail.forward.lineConfidence', {
            ...params,
            confidence: msg(`confidence.${f.confidence}`),
          })
        : msg('detail.forward.line', params);
    }),
  );
  const failed = findings.find((f) => f.status === 'failed');
  const data = { findings };
  if (failed)
    return {
      findings,
      result: {
        id: 'forwards',
        status: 'fail',
        cause: failed.cause,
        ...detailOf(lines),
        data,
        advice: forwardAdvice(ctx, failed),
      },
    };
  if (findings.every((f) => f.status === 'skipped'))
    return {
      findings,
      result: {
        id: 'forwards',
        status: 'skip',
        ...detailOf(msg('detail.forward.allSkipped')),
        data,
      },
    };
  return {
    findings,
    result: {
      id: 'forwards',
      status: findings.some((f) => f.status === 'skipped') ? 'skip' : 'pass',
      ...detailOf(lines),
      data,
    },
  };
}

function forwardAdvice(ctx: DiagContext, failed: ForwardFinding): AdviceItem[] {
  const params = {
    bind: failed.bind,
    host: ctx.profile.host,
    port: failed.bind.split(':').pop() ?? '',
  };
  if (failed.cause === 'local-port-in-use') return [{ key: 'forward.localInUse', params }];
  if (failed.verdict === 'in-use')
    return [
      { key: 'forward.staleSession', params },
      { key: 'forward.secondTunnel', params },
      { key: 'forward.clientAlive', params },
    ];
  const sure = failed.verdict === 'not-permitted' && failed.confidence === 'high';
  return [
    { key: sure ? 'forward.notPermitted' : 'forward.probablyNotPermitted', params },
    // Only when unsure: a stale session bound elsewhere is the other explanation.
    ...(sure ? [] : [{ key: 'forward.staleSession', params }]),
  ];
}

/**
 * When this profile's own tunnel is running, its ports are busy because of it: say so first,
 * before any stale-session theory.
 */
export function explainRunningTunnel(
  result: CheckResult,
  owner: LockOwner | undefined,
): CheckResult {
  const busy = result.cause === 'forward-refused' || result.cause === 'local-port-in-use';
  if (!owner || result.status !== 'fail' || !busy) return result;
  return {
    ...result,
    ...detailOf(
      list([
        messageOf(result),
        msg('detail.forward.runningNow', { pid: owner.pid, host: owner.host }),
      ]),
    ),
    advice: [
      { key: 'forward.runningNow', params: { pid: owner.pid, since: owner.startedAt } },
      ...(result.advice ?? []),
    ],
  };
}
