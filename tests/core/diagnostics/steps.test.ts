import { describe, expect, it, vi } from 'vitest';
import { ProfileSchema } from '../../../main/core/config/profile';
import { createContext } from '../../../main/core/diagnostics/context';
import type { RawProbe } from '../../../main/core/diagnostics/probe';
import { createState, type Step } from '../../../main/core/diagnostics/steps';
import { runSteps } from '../../../main/core/diagnostics/steps/run';
import type { CheckId, CheckResult, CheckStatus } from '../../../main/core/diagnostics/types';

/** The step loop's own rules, with fake steps (no network). */
const ctx = createContext(
  ProfileSchema.parse({ id: 'p', name: 'n', host: 'h.example.com', user: 'u', auth: {} }),
  {},
);

function step(id: CheckId, status: CheckStatus, needs?: CheckId, also: CheckResult[] = []): Step {
  return { id, needs, run: vi.fn(async () => [{ id, status, detail: id }, ...also]) };
}

const statuses = (checks: CheckResult[]) => checks.map((c) => `${c.id}:${c.status}`);

describe('runSteps', () => {
  it('skips what needs a failed check, naming the first failure; the rest still runs', async () => {
    const steps = [
      step('dns', 'pass'),
      step('tcp', 'fail', 'dns'),
      step('banner', 'pass', 'tcp'),
      step('forwards', 'pass'),
    ];
    const checks = await runSteps(ctx, createState(), steps);
    expect(statuses(checks)).toEqual([
      'dns:pass',
      'tcp:fail',
      'banner:skip',
      'kex:skip',
      'hostkey:skip',
      'auth:skip',
      'forwards:pass',
      'targets:skip',
    ]);
    expect(checks[2]?.detail).toBe('not run: the tcp check failed');
    expect(steps[2]?.run).not.toHaveBeenCalled();
    expect(checks[7]?.detail).toBe('not run: the tcp check failed');
  });

  it('goes on after a warning, and does not rerun a check an earlier step settled', async () => {
    const settled: CheckResult = { id: 'hostkey', status: 'fail', detail: 'by kex' };
    const steps = [step('kex', 'warn', undefined, [settled]), step('hostkey', 'pass', 'kex')];
    const checks = await runSteps(ctx, createState(), steps);
    expect(checks.find((c) => c.id === 'hostkey')?.detail).toBe('by kex');
    expect(steps[1]?.run).not.toHaveBeenCalled();
    expect(checks.every((c) => c.status === 'skip' || typeof c.durationMs === 'number')).toBe(true);
  });

  it('lets go of what the state holds open, even when a step throws', async () => {
    const state = createState();
    const close = vi.fn();
    state.probe = { close } as unknown as RawProbe;
    const failing: Step = { id: 'dns', run: () => Promise.reject(new Error('boom')) };
    await expect(runSteps(ctx, state, [failing])).rejects.toThrow('boom');
    expect(close).toHaveBeenCalledOnce();
  });
});
