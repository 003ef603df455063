import type { DiagContext } from '../context';
import { detailOf, msg } from '../detail';
import { CHECK_IDS, type CheckId, type CheckResult } from '../types';
import { releaseState, type RunState, type Step } from './step';

type Results = Map<CheckId, CheckResult>;

/** A warning is evidence, not a stop: the checks after it still run. */
function passed(results: Results, id: CheckId | undefined): boolean {
  if (!id) return true;
  const status = results.get(id)?.status;
  return status === 'pass' || status === 'warn';
}

/**
 * Runs the steps in order and returns every check in the spec's order. A step runs unless an
 * earlier step already settled its check (a failing hop lands on the check its cause belongs to)
 * or the check it needs did not pass. Each step is timed here; the overall deadline reaches the
 * network waits through `budget(ctx, …)`, so a late step still gets a short try.
 */
export async function runSteps(
  ctx: DiagContext,
  state: RunState,
  steps: Step[],
): Promise<CheckResult[]> {
  const results: Results = new Map();
  try {
    for (const step of steps) {
      if (results.has(step.id) || !passed(results, step.needs)) continue;
      const since = (step.timedFromSession && state.session?.startedAt) || Date.now();
      for (const result of await step.run(ctx, state)) {
        const timed = { ...result, durationMs: Date.now() - since };
        results.set(result.id, timed);
        ctx.options.onCheck?.(timed);
      }
    }
  } finally {
    releaseState(state);
  }
  return CHECK_IDS.map((id) => results.get(id) ?? blocked(id, results));
}

/** A check that never ran says which earlier check stopped it. */
function blocked(id: CheckId, results: Results): CheckResult {
  const earlier = CHECK_IDS.slice(0, CHECK_IDS.indexOf(id));
  const failed = earlier.map((e) => results.get(e)).find((r) => r?.status === 'fail');
  return {
    id,
    status: 'skip',
    ...detailOf(
      failed
        ? msg('detail.skip.failed', { check: failed.id, title: msg(`check.${failed.id}`) })
        : msg('detail.skip.incomplete'),
    ),
  };
}
