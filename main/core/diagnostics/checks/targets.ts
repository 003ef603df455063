import net from 'node:net';
import type { Client } from 'ssh2';
import type { Cause } from '../../causes';
import type { LocalForward, RemoteForward } from '../../config/profile';
import { budget, type DiagContext } from '../context';
import { licensePortLabel, targetLabel } from '../license-ports';
import { forwardOutProbe } from '../ssh-ops';
import type { AdviceItem, CheckResult } from '../types';

export interface TargetFinding {
  id: string;
  target: string;
  label: string;
  /** Where the connection was made from: here (remote forwards) or the server (local forwards). */
  from: 'this machine' | 'the server';
  status: 'ok' | 'failed' | 'skipped';
  cause?: Cause;
  detail: string;
  code?: string;
}

/** Remote forwards: the server hands connections to us, and we connect to the target from here. */
function reachFromHere(
  forward: RemoteForward,
  timeoutMs: number,
): Promise<{ ok: boolean; code?: string }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: forward.targetHost, port: forward.targetPort });
    const done = (ok: boolean, code?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok, code });
    };
    const timer = setTimeout(() => done(false, 'ETIMEDOUT'), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(false, error.code ?? 'ERROR'));
  });
}

const CODE_TEXT: Record<string, string> = {
  ECONNREFUSED: 'refused: nothing listens on that port (service stopped, or the port changed)',
  ETIMEDOUT: 'no answer (host down, or a firewall drops it)',
  ENOTFOUND: 'the host name does not resolve on this machine',
  EAI_AGAIN: 'the host name could not be resolved (DNS not answering)',
  EHOSTUNREACH: 'no route to the host',
};

async function checkOne(
  ctx: DiagContext,
  client: Client | undefined,
  forward: RemoteForward | LocalForward,
): Promise<TargetFinding> {
  const target = `${forward.targetHost}:${forward.targetPort}`;
  const label = targetLabel(forward.label, forward.targetPort);
  const timeout = budget(ctx, ctx.stepTimeoutMs);
  if (forward.type === 'remote') {
    const reach = await reachFromHere(forward, timeout);
    return reach.ok
      ? { id: forward.id, target, label, from: 'this machine', status: 'ok', detail: 'answers' }
      : {
          id: forward.id,
          target,
          label,
          from: 'this machine',
          status: 'failed',
          cause: 'target-unreachable',
          code: reach.code,
          detail: `${CODE_TEXT[reach.code ?? ''] ?? 'failed'} [${reach.code}]`,
        };
  }
  if (!client)
    return {
      id: forward.id,
      target,
      label,
      from: 'the server',
      status: 'skipped',
      detail: 'needs an SSH session',
    };
  const open = await forwardOutProbe(client, forward.targetHost, forward.targetPort, timeout);
  if (open.ok)
    return {
      id: forward.id,
      target,
      label,
      from: 'the server',
      status: 'ok',
      detail: 'answers (through the server)',
    };
  return {
    id: forward.id,
    target,
    label,
    from: 'the server',
    status: 'failed',
    cause: open.reason === 'prohibited' ? 'forward-refused' : 'target-unreachable',
    code: open.reason,
    detail:
      open.reason === 'prohibited'
        ? 'the server does not allow forwarding to it (administratively prohibited)'
        : `the server could not connect to it (${open.error})`,
  };
}

export async function checkTargets(
  ctx: DiagContext,
  client: Client | undefined,
): Promise<{ result: CheckResult; findings: TargetFinding[] }> {
  const forwards = ctx.profile.forwards.filter(
    (f): f is RemoteForward | LocalForward => f.type === 'remote' || f.type === 'local',
  );
  if (forwards.length === 0)
    return {
      findings: [],
      result: { id: 'targets', status: 'pass', detail: 'no forward has a fixed target' },
    };
  // In parallel: a dead license server must not cost one timeout per port in a row.
  const findings = await Promise.all(forwards.map((f) => checkOne(ctx, client, f)));
  const lines = findings.map((f) => `${f.target} (${f.label}, from ${f.from}): ${f.detail}`);
  const data = { findings };
  const failed = findings.find((f) => f.status === 'failed');
  if (failed)
    return {
      findings,
      result: {
        id: 'targets',
        status: 'fail',
        cause: failed.cause,
        detail: lines.join('; '),
        data,
        advice: targetAdvice(findings),
      },
    };
  const skipped = findings.some((f) => f.status === 'skipped');
  return {
    findings,
    result: { id: 'targets', status: skipped ? 'skip' : 'pass', detail: lines.join('; '), data },
  };
}

/** One step per failed target, then the license-specific steps the seeds give. */
function targetAdvice(findings: TargetFinding[]): AdviceItem[] {
  const advice: AdviceItem[] = [];
  const failed = findings.filter((f) => f.status === 'failed');
  for (const f of failed) {
    if (f.code === 'ENOTFOUND' || f.code === 'EAI_AGAIN')
      advice.push({
        key: 'target.resolve',
        params: { target: f.target, host: f.target.replace(/:\d+$/, '') },
      });
    else if (f.cause === 'forward-refused')
      advice.push({ key: 'target.prohibited', params: { target: f.target } });
    else advice.push({ key: 'target.serviceDown', params: { target: f.target, label: f.label } });
  }
  const vendor = failed.find(
    (f) => f.cause === 'target-unreachable' && !licensePortLabel(Number(f.target.split(':').pop())),
  );
  if (vendor)
    advice.push({
      key: 'target.vendorPort',
      params: { target: vendor.target, port: vendor.target.split(':').pop() ?? '' },
    });
  if (failed.some((f) => f.cause === 'target-unreachable'))
    advice.push({ key: 'target.licenseStatus' });
  return advice;
}
