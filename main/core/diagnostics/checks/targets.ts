import net from 'node:net';
import type { Client } from 'ssh2';
import type { Cause } from '../../causes';
import type { LocalForward, RemoteForward } from '../../config/profile';
import { budget, type DiagContext } from '../context';
import { detailOf, english, list, msg } from '../detail';
import { isLicensePort, targetLabel, targetLabelMessage } from '../license-ports';
import { forwardOutProbe } from '../ssh-ops';
import type { AdviceItem, CheckResult, Message, MessageParam } from '../types';

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

/** A finding, its label and its detail as messages (the finding holds them in English). */
interface Found {
  finding: TargetFinding;
  label: MessageParam;
  result: Message;
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

const CODE_TEXT: Record<string, Message> = {
  ECONNREFUSED: msg('detail.target.refused'),
  ETIMEDOUT: msg('detail.target.timeout'),
  ENOTFOUND: msg('detail.target.notFound'),
  EAI_AGAIN: msg('detail.target.dnsDown'),
  EHOSTUNREACH: msg('detail.target.noRoute'),
};

async function checkOne(
  ctx: DiagContext,
  client: Client | undefined,
  forward: RemoteForward | LocalForward,
): Promise<Found> {
  const target = `${forward.targetHost}:${forward.targetPort}`;
  const label = targetLabelMessage(forward.label, forward.targetPort);
  const timeout = budget(ctx, ctx.stepTimeoutMs);
  const base = { id: forward.id, target, label: targetLabel(forward.label, forward.targetPort) };
  const found = (
    finding: Omit<TargetFinding, 'id' | 'target' | 'label' | 'detail'>,
    result: Message,
  ): Found => ({ finding: { ...base, ...finding, detail: english(result) }, label, result });
  if (forward.type === 'remote') {
    const reach = await reachFromHere(forward, timeout);
    return reach.ok
      ? found({ from: 'this machine', status: 'ok' }, msg('detail.target.answers'))
      : found(
          {
            from: 'this machine',
            status: 'failed',
            cause: 'target-unreachable',
            code: reach.code,
          },
          msg('detail.target.failed', {
            reason: CODE_TEXT[reach.code ?? ''] ?? msg('detail.target.other'),
            code: String(reach.code),
          }),
        );
  }
  if (!client) return found({ from: 'the server', status: 'skipped' }, msg('detail.needsSession'));
  const open = await forwardOutProbe(client, forward.targetHost, forward.targetPort, timeout);
  if (open.ok)
    return found({ from: 'the server', status: 'ok' }, msg('detail.target.answersViaServer'));
  return found(
    {
      from: 'the server',
      status: 'failed',
      cause: open.reason === 'prohibited' ? 'forward-refused' : 'target-unreachable',
      code: open.reason,
    },
    open.reason === 'prohibited'
      ? msg('detail.target.prohibited')
      : msg('detail.target.serverFailed', { raw: String(open.error) }),
  );
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
      result: { id: 'targets', status: 'pass', ...detailOf(msg('detail.target.none')) },
    };
  // In parallel: a dead license server must not cost one timeout per port in a row.
  const all = await Promise.all(forwards.map((f) => checkOne(ctx, client, f)));
  const findings = all.map((f) => f.finding);
  const lines = list(
    all.map(({ finding: f, label, result }) =>
      msg('detail.target.line', {
        target: f.target,
        label,
        from: msg(
          f.from === 'this machine' ? 'detail.target.fromHere' : 'detail.target.fromServer',
        ),
        result,
      }),
    ),
  );
  const data = { findings };
  const failed = all.find((f) => f.finding.status === 'failed');
  if (failed)
    return {
      findings,
      result: {
        id: 'targets',
        status: 'fail',
        cause: failed.finding.cause,
        ...detailOf(lines),
        data,
        advice: targetAdvice(all),
      },
    };
  const skipped = findings.some((f) => f.status === 'skipped');
  return {
    findings,
    result: { id: 'targets', status: skipped ? 'skip' : 'pass', ...detailOf(lines), data },
  };
}

/** One step per failed target, then the license-specific steps the seeds give. */
function targetAdvice(all: Found[]): AdviceItem[] {
  const advice: AdviceItem[] = [];
  const failed = all.filter((f) => f.finding.status === 'failed');
  for (const { finding: f, label } of failed) {
    if (f.code === 'ENOTFOUND' || f.code === 'EAI_AGAIN')
      advice.push({
        key: 'target.resolve',
        params: { target: f.target, host: f.target.replace(/:\d+$/, '') },
      });
    else if (f.cause === 'forward-refused')
      advice.push({ key: 'target.prohibited', params: { target: f.target } });
    else advice.push({ key: 'target.serviceDown', params: { target: f.target, label } });
  }
  const vendor = failed.find(
    ({ finding: f }) =>
      f.cause === 'target-unreachable' && !isLicensePort(Number(f.target.split(':').pop())),
  )?.finding;
  if (vendor)
    advice.push({
      key: 'target.vendorPort',
      params: { target: vendor.target, port: vendor.target.split(':').pop() ?? '' },
    });
  if (failed.some(({ finding: f }) => f.cause === 'target-unreachable'))
    advice.push({ key: 'target.licenseStatus' });
  return advice;
}
