import { budget, type DiagContext } from '../context';
import { detailOf, msg } from '../detail';
import { describeNonSsh, type BannerOutcome, type RawProbe } from '../probe';
import type { CheckResult, Message } from '../types';

export interface BannerCheck {
  result: CheckResult;
  /** The connection died before any banner: the tcp check reports it as a reset instead. */
  resetDuringSetup?: Message;
  ok: boolean;
}

export async function checkBanner(ctx: DiagContext, probe: RawProbe): Promise<BannerCheck> {
  const timeoutMs = budget(ctx, ctx.stepTimeoutMs);
  const outcome: BannerOutcome = await probe.readBanner(timeoutMs);
  const { host, port } = ctx.profile;
  switch (outcome.kind) {
    case 'ssh': {
      const banner = outcome.banner;
      const lines = outcome.preamble.length;
      const ssh1 = /^SSH-1\.[0-8]-/.test(banner);
      return {
        ok: !ssh1,
        result: ssh1
          ? {
              id: 'banner',
              status: 'fail',
              cause: 'not-ssh',
              ...detailOf(msg('detail.banner.ssh1', { banner })),
              data: { banner: outcome.banner },
            }
          : {
              id: 'banner',
              status: 'pass',
              ...detailOf(
                lines
                  ? msg('detail.banner.okAfterText', { banner, lines })
                  : msg('detail.banner.ok', { banner }),
              ),
              data: { banner: outcome.banner, preamble: outcome.preamble },
            },
      };
    }
    case 'other': {
      const { what, whatKey, excerpt } = describeNonSsh(outcome.sample);
      return {
        ok: false,
        result: {
          id: 'banner',
          status: 'fail',
          cause: 'not-ssh',
          ...detailOf(msg('detail.banner.other', { host, port, what: msg(whatKey), excerpt })),
          data: { what, excerpt },
          advice: [{ key: 'banner.wrongPort', params: { host, port, what: msg(whatKey) } }],
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
          ...detailOf(msg('detail.banner.silent', { ms: timeoutMs })),
          advice: [{ key: 'banner.wrongPort', params: { host, port, what: msg('what.silent') } }],
        },
      };
    case 'closed':
      return {
        ok: false,
        resetDuringSetup: msg('detail.tcp.closedBeforeBanner'),
        result: skipped(msg('detail.banner.closed')),
      };
    case 'reset':
      return {
        ok: false,
        resetDuringSetup: msg('detail.tcp.resetBeforeBanner', { code: outcome.code }),
        result: skipped(msg('detail.banner.reset')),
      };
  }
}

function skipped(detail: Message): CheckResult {
  return { id: 'banner', status: 'skip', ...detailOf(detail) };
}
