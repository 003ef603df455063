import { checkAuth } from '../checks/auth';
import { checkHostKey } from '../checks/hostkey';
import type { DiagContext } from '../context';
import { loadCredentials } from '../credentials';
import { openSession, type SessionOutcome } from '../session';
import { detailOf, failureMessage, msg } from '../detail';
import type { CheckResult } from '../types';
import type { RunState, Step } from './step';

/**
 * Opens the SSH session the way `up` would (over the chain's stream when there is one) and keeps
 * it in the state. What comes back instead of a session is the hostkey check's failure.
 */
export async function startSession(
  ctx: DiagContext,
  state: RunState,
): Promise<SessionOutcome | CheckResult> {
  const startedAt = Date.now();
  const { profile, options } = ctx;
  const env = options.env ?? process.env;
  const creds = await loadCredentials(profile, env, ctx.stepTimeoutMs, options.resolveSecret);
  if (creds.password) state.secrets.push(creds.password);
  try {
    const outcome = await openSession(ctx, creds, state.sock);
    state.session = { outcome, creds, startedAt };
    return outcome;
  } catch (error) {
    // E.g. an unreadable known_hosts file: the trust store itself is the problem.
    const raw = (error as Error).message;
    return {
      id: 'hostkey',
      status: 'fail',
      cause: 'unknown',
      ...detailOf(msg('detail.hostkey.trustUnreadable', { raw })),
    };
  }
}

export const hostkeyStep: Step = {
  id: 'hostkey',
  needs: 'kex',
  timedFromSession: true,
  async run(ctx, state) {
    // Through a chain the banner step has opened it already, to judge the banner and kex.
    const session = state.session?.outcome ?? (await startSession(ctx, state));
    if ('status' in session) return [session];
    if (!session.hostKey.fingerprint && session.failure?.cause === 'kex-mismatch')
      // Our own reading of the offers found a match, but ssh2 did not: its word is final.
      return [
        {
          id: 'kex',
          status: 'fail',
          cause: 'kex-mismatch',
          ...detailOf(failureMessage(session.failure)),
        },
      ];
    return [checkHostKey(ctx, session)];
  },
};

export const authStep: Step = {
  id: 'auth',
  needs: 'hostkey',
  timedFromSession: true,
  async run(ctx, state) {
    const session = state.session;
    return session ? [checkAuth(ctx, session.creds, session.outcome)] : [];
  },
};
