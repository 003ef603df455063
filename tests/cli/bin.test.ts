import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/tunnelkeeper.cjs');

describe('the tunnelkeeper command as installed', () => {
  it('runs through its shebang with single-threaded GC (the flag the benchmark measured)', () => {
    // A preload reports the node flags the command really started with.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-bin-'));
    const report = path.join(dir, 'report.cjs');
    writeFileSync(
      report,
      `process.stderr.write('execArgv=' + JSON.stringify(process.execArgv) + '\\n');`,
    );
    const run = spawnSync(BIN, ['--version'], {
      env: { ...process.env, NODE_OPTIONS: `--require ${report}` },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const argv = JSON.parse(/execArgv=(.*)/.exec(run.stderr)![1]!) as string[];
    expect(argv).toContain('--single-threaded-gc');
  });
});
