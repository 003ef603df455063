import net from 'node:net';
import { bindAddressOf } from '../../config/schema';
import type { Client } from 'ssh2';
import type { Cause } from '../../causes';
import type { Forward, RemoteForward } from '../../config/profile';
import { budget, type DiagContext } from '../context';
import { forwardIn, forwardOutProbe, unforwardIn } from '../ssh-ops';
import type { LockOwner } from '../../tunnels/lock';
import type { AdviceItem, CheckResult } from '../types';

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
): Promise<ForwardFinding> {
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
    return {
      ...base,
      verdict: 'in-use',
      confidence: 'high',
      detail: `refused: port ${forward.bindPort} is already in use on the server (something accepts connections there — a stale session of ours or a second tunnel)`,
    };
  const other = await forwardIn(client, bindAddressOf(forward), 0, timeout);
  if (other.ok) {
    await unforwardIn(client, bindAddressOf(forward), other.port, timeout);
    return {
      ...base,
      verdict: 'port-refused',
      confidence: 'medium',
      detail: `refused: the server lets us listen on other ports (tried ${other.port}) but not on ${forward.bindPort}; nothing answers there, so it is probably not allowed by the server (PermitListen) or bound on another address`,
    };
  }
  // Sure only when the server itself said nothing listens there. "Prohibited" leaves a corner
  // open (a taken port under a PermitListen that refuses port 0), so that stays "medium".
  const sure = listening.reason === 'connect-failed' ? 'high' : 'medium';
  return {
    ...base,
    verdict: 'not-permitted',
    confidence: sure,
    detail: `refused: the server refuses every remote bind (a server-chosen port too)${listening.reason === 'connect-failed' ? ' and nothing listens on the port' : ''}: forwarding this port is not permitted for this account (AllowTcpForwarding / PermitListen)`,
  };
}

async function checkRemote(
  ctx: DiagContext,
  client: Client,
  forward: RemoteForward,
): Promise<ForwardFinding> {
  const timeout = budget(ctx, ctx.stepTimeoutMs);
  const bound = await forwardIn(client, bindAddressOf(forward), forward.bindPort, timeout);
  if (bound.ok) {
    await unforwardIn(client, bindAddressOf(forward), bound.port, timeout);
    return {
      id: forward.id,
      type: 'remote',
      bind: bindText(bindAddressOf(forward), bound.port),
      status: 'ok',
      detail: 'the server accepted the bind (released again)',
    };
  }
  return explainRefusal(ctx, client, forward);
}

function checkLocal(forward: Forward): Promise<ForwardFinding> {
  const bind = bindText(bindAddressOf(forward), forward.bindPort);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'already in use on this machine (another program, or this tunnel already running)'
          : error.code === 'EACCES'
            ? 'not allowed on this machine (privileged or reserved port)'
            : error.code === 'EADDRNOTAVAIL'
              ? 'the bind address is not one of this machine’s'
              : error.message;
      resolve({
        id: forward.id,
        type: forward.type,
        bind,
        status: 'failed',
        cause: 'local-port-in-use',
        detail: `${why} [${error.code}]`,
      });
    });
    const host =
      bindAddressOf(forward) === '*' || bindAddressOf(forward) === ''
        ? undefined
        : bindAddressOf(forward);
    server.listen({ host, port: forward.bindPort, exclusive: true }, () => {
      server.close(() =>
        resolve({
          id: forward.id,
          type: forward.type,
          bind,
          status: 'ok',
          detail: 'free on this machine (bound and released)',
        }),
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
      result: { id: 'forwards', status: 'pass', detail: 'the profile has no forwards' },
    };
  const findings: ForwardFinding[] = [];
  for (const forward of forwards) {
    if (forward.type !== 'remote') findings.push(await checkLocal(forward));
    else if (client) findings.push(await checkRemote(ctx, client, forward));
    else
      findings.push({
        id: forward.id,
        type: 'remote',
        bind: bindText(bindAddressOf(forward), forward.bindPort),
        status: 'skipped',
        detail: 'needs an SSH session',
      });
  }
  const lines = findings.map(
    (f) =>
      `${f.type} ${f.id} ${f.bind}: ${f.detail}${f.confidence ? ` [confidence: ${f.confidence}]` : ''}`,
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
        detail: lines.join('; '),
        data,
        advice: forwardAdvice(ctx, failed),
      },
    };
  if (findings.every((f) => f.status === 'skipped'))
    return {
      findings,
      result: { id: 'forwards', status: 'skip', detail: 'remote binds need an SSH session', data },
    };
  return {
    findings,
    result: {
      id: 'forwards',
      status: findings.some((f) => f.status === 'skipped') ? 'skip' : 'pass',
      detail: lines.join('; '),
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
    detail: `${result.detail}; this profile's tunnel is running now (pid ${owner.pid} on ${owner.host})`,
    advice: [
      { key: 'forward.runningNow', params: { pid: owner.pid, since: owner.startedAt } },
      ...(result.advice ?? []),
    ],
  };
}
