import type { Profile } from '../config/profile';
import { redact } from '../logging/redact';
import { selectAdvice, selectCause } from './advice/select';
import { createContext } from './context';
import { lookupPublicIp } from './public-ip';
import { createState, stepsFor } from './steps';
import { runSteps } from './steps/run';
import type { DiagnoseOptions, DiagnoseReport } from './types';

const TCP_CAUSES = new Set(['tcp-refused', 'tcp-timeout', 'tcp-reset']);

/**
 * Runs the checks in the spec's order (see steps/). A check that an earlier failure makes
 * pointless is `skip` with the reason; checks that do not depend on the SSH session (local binds,
 * targets of remote forwards, which this machine reaches itself) still run, because their
 * evidence helps.
 */
export async function runDiagnostics(
  profile: Profile,
  options: DiagnoseOptions = {},
): Promise<DiagnoseReport> {
  const ctx = createContext(profile, options);
  const startedAt = new Date();
  const state = createState();
  const checks = await runSteps(ctx, state, stepsFor(profile));

  const cause = selectCause(checks);
  // Only a network cause makes this site's address worth knowing (for the allow-list advice).
  const publicIp =
    cause && TCP_CAUSES.has(cause) && options.publicIpUrl
      ? await lookupPublicIp(options.publicIpUrl, Math.min(5_000, ctx.stepTimeoutMs))
      : undefined;
  return {
    profile: profile.id,
    checks,
    cause,
    adviceKeys: selectAdvice(cause, checks, { profile, publicIp }),
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    log: ctx.log.map((line) => redact(line, state.secrets)),
    ...(publicIp ? { publicIp } : {}),
  };
}
