import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// The very function electron-builder runs on its configuration before building.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean }): Promise<void>;
};

type Target = { target: string; arch: string[] };
type Config = Record<string, unknown> & {
  appId?: string;
  directories?: { buildResources?: string };
  win?: { icon?: string; target?: Target[] };
  mac?: { icon?: string; target?: string[] };
  linux?: { icon?: string; target?: string[] };
  nsis?: { perMachine?: boolean; oneClick?: boolean; allowElevation?: boolean };
  extraResources?: { from: string; to: string }[];
  electronFuses?: Record<string, boolean>;
};

const config = load(readFileSync('electron-builder.yml', 'utf8')) as Config;

/** Every string under a key that names a file or folder (icons, resources, licences …). */
function referencedPaths(node: unknown, key = ''): string[] {
  if (typeof node === 'string')
    return /icon|license|from|entitlements|buildResources|include|background/i.test(key) &&
      !/[*${}]/.test(node)
      ? [node]
      : [];
  if (Array.isArray(node)) return node.flatMap((item) => referencedPaths(item, key));
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => referencedPaths(v, k));
  return [];
}

/** Sizes of the images inside an .ico (0 in the directory means 256). */
function icoSizes(file: string): number[] {
  const data = readFileSync(file);
  expect(data.readUInt16LE(2), `${file} is an icon`).toBe(1);
  return Array.from({ length: data.readUInt16LE(4) }, (_, i) => data[6 + 16 * i] || 256);
}

function pngSize(file: string): number {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii'), `${file} is a PNG`).toBe('PNG');
  return data.readUInt32BE(16);
}

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json, as electron-builder checks it', async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
  });

  it('would be rejected by the same check if it held a typo (the check is live)', async () => {
    await expect(
      validateConfiguration({ ...config, nsiss: {} }, { isEnabled: false }),
    ).rejects.toThrow(/Invalid configuration/);
  });

  it('references only files that exist', () => {
    const files = referencedPaths(config);
    expect(files).toEqual(
      expect.arrayContaining(['build/icon.ico', 'build/icon.png', 'assets', 'build']),
    );
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  it('ships the tray icons the app loads at run time, at the sizes each OS asks for', () => {
    const assets = config.extraResources?.find((r) => r.to === 'assets');
    expect(assets?.from).toBe('assets');
    for (const light of ['green', 'yellow', 'red', 'grey']) {
      const base = path.join('assets/tray', `tray-${light}`);
      expect(icoSizes(`${base}.ico`)).toEqual([16, 24, 32]);
      expect(pngSize(`${base}.png`)).toBe(16);
      expect(pngSize(`${base}@2x.png`)).toBe(32);
    }
  });

  it('has app icons large enough for every installer', () => {
    expect(icoSizes('build/icon.ico')).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    expect(pngSize('build/icon.png')).toBeGreaterThanOrEqual(512);
  });

  it('builds per-user NSIS and portable for Windows x64, dmg for macOS, AppImage/deb for Linux', () => {
    const winTargets = config.win?.target?.map((t) => `${t.target}:${t.arch.join(',')}`);
    expect(winTargets).toEqual(['nsis:x64', 'portable:x64']);
    // Per user, no UAC prompt: IT admins install it without asking their own helpdesk.
    expect(config.nsis).toMatchObject({ perMachine: false, oneClick: false, allowElevation: false });
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('uses the same app id as the app’s AppUserModelId (Windows ties toasts to it)', () => {
    const main = readFileSync('main/app/bootstrap.ts', 'utf8');
    expect(main).toContain(`'${config.appId}'`);
  });

  it('locks the Electron fuses that turn the app into a general Node runtime', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
