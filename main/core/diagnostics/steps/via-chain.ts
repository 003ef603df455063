import { targetLabel } from '../../tunnels/chain';
import { checkForCause, hopMessage, openDiagnosticChain } from '../chain';
import { detailOf, msg } from '../detail';
import type { CheckResult } from '../types';
import type { Step } from './step';
import { startSession } from './ssh-session';

/**
 * A profile behind a proxy and/or jump hosts: the final host is reached over the chain's
 * stream, so this machine never resolves it or reads its banner itself.
 */

/** Decides dns and tcp, or, when a hop fails, the check the hop's failure belongs to. */
export const chainStep: Step = {
  id: 'dns',
  async run(ctx, state) {
    const opened = await openDiagnosticChain(ctx, state.secrets);
    state.chain = opened.chain;
    state.sock = opened.sock;
    return opened.results;
  },
};

/** Over a chain, ssh2 read the banner and negotiated: those checks are judged from its session. */
export const sessionViaChainStep: Step = {
  id: 'banner',
  needs: 'tcp',
  async run(ctx, state) {
    // Without the stream the session would go to the final host directly, which `up` never does.
    if (!state.sock) return [];
    const session = await startSession(ctx, state);
    if ('status' in session) return [session];
    const answered: CheckResult = {
      id: 'banner',
      status: 'pass',
      ...detailOf(msg('detail.chain.banner')),
    };
    const early = session.failure && !session.phase.handshakeDone ? session.failure : undefined;
    if (!early)
      return [answered, { id: 'kex', status: 'pass', ...detailOf(msg('detail.chain.kex')) }];
    const id = checkForCause(early.cause);
    const failed: CheckResult = {
      id,
      status: 'fail',
      cause: early.cause,
      ...detailOf(
        msg('detail.chain.failure', {
          where: hopMessage(targetLabel(ctx.profile)),
          cause: msg(`cause.${early.cause}`),
          raw: early.detail,
        }),
      ),
    };
    return id === 'banner' ? [failed] : [failed, answered];
  },
};
