import { budget, type DiagContext } from '../context';
import { describeNonSsh, type BannerOutcome, type RawProbe } from '../probe';
import type { CheckResult } from '../types';

export interface BannerCheck {
  result: CheckResult;
  /** The connection died before any banner: the tcp check reports it as a reset instead. */
  resetDuringSetup?: string;
  ok: boolean;
}

export async function checkBanner(ctx: DiagContext, probe: RawProbe): Promise<BannerCheck> {
  const timeoutMs = budget(ctx, ctx.stepTimeoutMs);
  const outcome: BannerOutcome = await probe.readBanner(timeoutMs);
  const { host, port } = ctx.profile;
  switch (outcome.kind) {
    case 'ssh': {
      const pre = outcome.preamble.length ? ` (after ${outcome.preamble.length} text lines)` : '';
      const legacy = /^SSH-1\.[0-8]-/.test(outcome.banner);
      return {
        ok: !legacy,
        result: legacy
          ? {
              id: 'banner',
              status: 'fail',
              cause: 'not-ssh',
              detail: `${outcome.banner}: SSH protocol 1 only, which Tunnelkeeper does not speak`,
              data: { banner: outcome.banner },
            }
          : {
              id: 'banner',
              status: 'pass',
              detail: `${outcome.banner}${pre}`,
              data: { banner: outcome.banner, preamble: outcome.preamble },
            },
      };
    }
    case 'other': {
      const { what, excerpt } = describeNonSsh(outcome.sample);
      return {
        ok: false,
        result: {
          id: 'banner',
          status: 'fail',
          cause: 'not-ssh',
          detail: `${host}:${port} answered like ${what}, not SSH: ${excerpt}`,
          data: { what, excerpt },
          advice: [{ key: 'banner.wrongPort', params: { host, port, what } }],
        },
      };
    }
    case 'silent':
      return {
        ok: false,
        result: {
          id: 'banner',
          status: 'fail',
          cause: 'not-ssh',
          detail: `connected, but nothing answered in ${timeoutMs} ms (an SSH server speaks first; a proxy or TLS service waits)`,
          advice: [{ key: 'banner.wrongPort', params: { host, port, what: 'a silent service' } }],
        },
      };
    case 'closed':
      return {
        ok: false,
        resetDuringSetup: 'the server closed the connection before sending an SSH banner',
        result: skipped('the connection was closed before the banner'),
      };
    case 'reset':
      return {
        ok: false,
        resetDuringSetup: `the connection was reset before the SSH banner [${outcome.code}]`,
        result: skipped('the connection was reset before the banner'),
      };
  }
}

function skipped(detail: string): CheckResult {
  return { id: 'banner', status: 'skip', detail };
}
