import { checkForwards, explainRunningTunnel } from '../checks/forwards';
import { checkTargets } from '../checks/targets';
import { runningOwner } from '../running';
import type { Step } from './step';

/**
 * No `needs`: local binds and the targets of remote forwards (which this machine reaches itself)
 * are checked without a session, and that evidence helps even when the session failed.
 */

export const forwardsStep: Step = {
  id: 'forwards',
  async run(ctx, state) {
    const { result } = await checkForwards(ctx, state.session?.outcome.client);
    const env = ctx.options.env ?? process.env;
    return [explainRunningTunnel(result, runningOwner(ctx.profile, env))];
  },
};

export const targetsStep: Step = {
  id: 'targets',
  async run(ctx, state) {
    return [(await checkTargets(ctx, state.session?.outcome.client)).result];
  },
};
