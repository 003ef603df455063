import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * bin/tunnelkeeper.cjs runs the bundle from a V8 code cache (out/cli/code-cache/). Each test
 * runs its own copy of the bin and the bundle (the other CLI tests share the real one), with the
 * project's node_modules linked in.
 */
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
let root: string;
let bin: string;
let cacheDir: string;

function tk(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, TUNNELKEEPER_CODE_CACHE: undefined, NODE_OPTIONS: undefined, ...env },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const caches = () => (existsSync(cacheDir) ? readdirSync(cacheDir) : []);
const only = () => {
  const files = caches();
  expect(files).toHaveLength(1);
  return path.join(cacheDir, files[0]!);
};

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'tk-code-cache-'));
  mkdirSync(path.join(root, 'bin'));
  mkdirSync(path.join(root, 'out', 'cli'), { recursive: true });
  bin = path.join(root, 'bin', 'tunnelkeeper.cjs');
  copyFileSync('bin/tunnelkeeper.cjs', bin);
  copyFileSync('out/cli/tunnelkeeper.cjs', path.join(root, 'out', 'cli', 'tunnelkeeper.cjs'));
  symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'), 'dir');
  cacheDir = path.join(root, 'out', 'cli', 'code-cache');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the code cache of the bundle', () => {
  it('is written by the first run that ends well and then used as it is', () => {
    expect(tk(['--version']).stdout.trim()).toBe(pkg.version);
    const file = only();
    const written = readFileSync(file);
    const { mtimeMs } = statSync(file);
    for (let i = 0; i < 2; i++) {
      const again = tk(['--version']);
      expect(again).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
    // Not rewritten: V8 took it (a refused cache would be replaced by a fresh one).
    expect(statSync(file).mtimeMs).toBe(mtimeMs);
    expect(readFileSync(file).equals(written)).toBe(true);
  });

  it('keeps one cache per command', () => {
    tk(['--version']);
    expect(tk(['keys', '--help']).code).toBe(0);
    expect(
      caches()
        .map((f) => f.replace(/-[0-9a-f]{8}\.bin$/, ''))
        .sort(),
    ).toEqual(['_', 'keys']);
  });

  it('ignores a corrupt, truncated or foreign cache and writes a good one', () => {
    tk(['--version']);
    const file = only();
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100]! ^= 0xff;
    for (const bad of [flipped, good.subarray(0, good.length / 2), Buffer.from('garbage')]) {
      writeFileSync(file, bad);
      expect(tk(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
      expect(readFileSync(file).equals(bad)).toBe(false);
      expect(readFileSync(file).length).toBeGreaterThan(1000);
      expect(readFileSync(file).subarray(0, 8).toString()).toBe('TKCC0001');
    }
  });

  it('is not used for another build of the bundle', () => {
    tk(['--version']);
    const file = only();
    const before = readFileSync(file);
    // The same bundle with a new modification time stands for a rebuild of the same length.
    const bundle = path.join(root, 'out', 'cli', 'tunnelkeeper.cjs');
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    expect(tk(['--version']).stdout.trim()).toBe(pkg.version);
    expect(readFileSync(file).equals(before)).toBe(false);
  });

  it('is not written by a failed run, nor with TUNNELKEEPER_CODE_CACHE=0', () => {
    expect(tk(['--bogus']).code).toBe(2);
    expect(tk(['up', '--config', path.join(root, 'missing.json')]).code).toBe(1);
    expect(tk(['--version'], { TUNNELKEEPER_CODE_CACHE: '0' }).stdout.trim()).toBe(pkg.version);
    expect(caches()).toEqual([]);
  });

  it('runs without one where it cannot be written', () => {
    writeFileSync(cacheDir, 'a file where the folder would be');
    expect(tk(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(tk(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });
});
