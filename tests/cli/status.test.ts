import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('tunnelkeeper status', () => {
  it('with no engine and no running up: running false, empty list, exit 0', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-cli-status-'));
    // Its own data dir too: an engine of this user elsewhere must not be found.
    const env = { ...process.env, TUNNELKEEPER_RUNTIME_DIR: dir, TUNNELKEEPER_DATA_DIR: dir };
    const { stdout } = await run(process.execPath, ['bin/tunnelkeeper.cjs', 'status', '--json'], {
      env,
    });
    expect(JSON.parse(stdout)).toEqual({
      running: false,
      engine: null,
      processes: [],
      tunnels: [],
    });
    const human = await run(process.execPath, ['bin/tunnelkeeper.cjs', 'status'], { env });
    expect(human.stdout).toMatch(/no tunnels running/);
  });
});
