import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('icons', () => {
  it('are exactly what scripts/make-icons.mjs draws, so they can be regenerated anywhere', () => {
    // The script writes next to itself: run a copy in an empty tree and compare every file.
    const root = mkdtempSync(path.join(os.tmpdir(), 'tk-icons-'));
    mkdirSync(path.join(root, 'scripts'));
    copyFileSync('scripts/make-icons.mjs', path.join(root, 'scripts', 'make-icons.mjs'));
    execFileSync(process.execPath, [path.join(root, 'scripts', 'make-icons.mjs')]);
    const drawn = [
      ...readdirSync(path.join(root, 'assets/tray')).map((f) => `assets/tray/${f}`),
      'assets/icon.png',
      'build/icon.png',
      'build/icon.ico',
    ];
    expect(drawn).toHaveLength(12 + 3);
    for (const file of drawn)
      expect(readFileSync(path.join(root, file)).equals(readFileSync(file)), file).toBe(true);
  });
});
