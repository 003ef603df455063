import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeBootSystem } from '../../../../main/core/engine/boot';
import { planBundleCopy, requiredPackages } from '../../../../main/core/engine/boot/bundle-copy';

// The bundle tests/setup/build-cli.ts built from the current source.
const BUNDLE = path.resolve('out/cli/tunnelkeeper.cjs');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
};

const temps: string[] = [];
const temp = (prefix: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the copy of the CLI for the boot service', () => {
  it("names the real bundle's npm dependencies (those build-cli.mjs keeps outside it)", () => {
    const required = requiredPackages(readFileSync(BUNDLE, 'utf8'));
    expect(required).toEqual(expect.arrayContaining(['ssh2'])); // its native binding
    for (const name of required) expect(Object.keys(pkg.dependencies)).toContain(name);
  });

  it('runs on its own from a folder outside the project: the bundle and every package it needs', async () => {
    const system = nodeBootSystem();
    const stable = path.join(temp('tk-stable-'), 'tunnelkeeper');
    const entries = await planBundleCopy(BUNDLE, stable, system);
    for (const entry of entries) await system.copy(entry.from, entry.to);
    expect(existsSync(path.join(stable, 'node_modules', 'ssh2', 'package.json'))).toBe(true);
    // No node_modules above the temp folder: whatever loads, loads from the copy.
    const work = temp('tk-keys-');
    const cli = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--single-threaded-gc', path.join(stable, 'tunnelkeeper.cjs'), ...args],
        {
          cwd: work,
          encoding: 'utf8',
          env: { ...process.env, NODE_PATH: '' },
        },
      );
    const version = cli('--version');
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(pkg.version);
    const key = path.join(work, 'id_ed25519');
    expect(cli('keys', 'generate', '--type', 'ed25519', '--format', 'ppk3', '-o', key).status).toBe(
      0,
    );
    const info = cli('keys', 'info', key, '--json');
    expect(info.status).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ format: 'ppk3', keyType: 'ssh-ed25519' });
  });
});
