import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const runner = path.resolve('tests/build/electronegativity.mjs');
const run = (input: string) =>
  spawnSync(process.execPath, [runner, input], { encoding: 'utf8', timeout: 60_000 });

/**
 * `npm run electronegativity` scans the real build (out/); these tests prove the gate itself
 * works: it fails on a finding nobody accepted, and every acceptance says why.
 */
describe('the Electronegativity gate', () => {
  it('fails on an unexplained high or medium finding', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-eneg-'));
    mkdirSync(path.join(dir, 'main'));
    writeFileSync(
      path.join(dir, 'main', 'index.js'),
      `const { BrowserWindow } = require('electron');
       new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });`,
    );
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/UNEXPLAINED\s+(HIGH|MEDIUM)\s+\w+_JS_CHECK main\/index.js/);
    expect(result.stderr).toContain('fix the findings above');
  });

  it('accepts findings only with a reason and a bounded count', () => {
    const { findings, unparsed } = JSON.parse(
      readFileSync('tests/build/electronegativity-accepted.json', 'utf8'),
    ) as {
      findings: { id: string; file: string; count: number; reason: string }[];
      unparsed: { file: string; reason: string }[];
    };
    for (const entry of unparsed) expect(entry.reason.length, entry.file).toBeGreaterThan(40);
    for (const entry of findings) {
      expect(entry.reason.length, entry.id).toBeGreaterThan(40);
      expect(entry.count, entry.id).toBeGreaterThanOrEqual(1);
      expect(entry.file, entry.id).toMatch(/^(main|preload|renderer)\//);
    }
  });
});
