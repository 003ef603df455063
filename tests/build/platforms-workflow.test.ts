import { readdirSync, readFileSync } from 'node:fs';
import { validateWorkflow } from '@action-validator/core';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

/**
 * .github/workflows/platforms.yml runs what Linux cannot (tests/platform on windows-latest and
 * macos-latest, electron-builder packaging); GitHub only reads it on a push, so it is checked
 * here against SchemaStore's GitHub workflow JSON schema, which @action-validator/core ships
 * (compiled into its WebAssembly) and validates with.
 */
const FILE = '.github/workflows/platforms.yml';
const text = readFileSync(FILE, 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<
    string,
    {
      'runs-on': string;
      strategy: { matrix: { include: { os: string; tests: string }[] } };
      steps: Step[];
    }
  >;
}

describe('the Windows/macOS workflow', () => {
  it('is valid against the GitHub workflow schema', () => {
    expect(validateWorkflow(text).errors).toEqual([]);
  });

  it('the validator does reject a broken workflow (the check above is not vacuous)', () => {
    const broken = text.replace(/runs-on:/, 'run-on:');
    expect(validateWorkflow(broken).errors).not.toEqual([]);
    const badTimeout = text.replace(/timeout-minutes: \d+/, 'timeout-minutes: soon');
    expect(validateWorkflow(badTimeout).errors).not.toEqual([]);
  });

  it('checks out, sets up node 20, npm ci, builds the CLI, runs tests/platform and packages with --dir', () => {
    const workflow = load(text) as Workflow;
    const [job] = Object.values(workflow.jobs);
    expect(job!['runs-on']).toBe('${{ matrix.os }}');
    const include = job!.strategy.matrix.include;
    expect(include.map((m) => m.os).sort()).toEqual(['macos-latest', 'windows-latest']);
    const steps = job!.steps;
    const runs = steps.map((s) => s.run ?? '');
    expect(steps[0]!.uses).toMatch(/^actions\/checkout@/);
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(node?.with?.['node-version'])).toBe('20');
    const order = [
      runs.indexOf('npm ci'),
      runs.indexOf('npm run build:cli'),
      runs.findIndex((r) => r.startsWith('npx vitest run --config vitest.platform.config.mts ')),
      runs.findIndex((r) => r.startsWith('npx electron-builder --dir')),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Every platform test file is run by one of the jobs (and the Linux suite excludes them all).
    const files = readdirSync('tests/platform').filter((f) => f.endsWith('.test.ts'));
    expect(include.flatMap((m) => m.tests.split(' ')).sort()).toEqual(
      files.map((f) => `tests/platform/${f}`).sort(),
    );
    expect(readFileSync('vitest.config.mts', 'utf8')).toContain("'tests/platform/**'");
  });
});
