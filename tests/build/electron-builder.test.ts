import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// The very function electron-builder runs on its configuration before building.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean }): Promise<void>;
};

type Config = Record<string, unknown> & {
  win?: { icon?: string; target?: { target: string; arch: string[] }[] };
  mac?: { icon?: string };
  linux?: { icon?: string; target?: string[] };
  nsis?: { perMachine?: boolean };
  extraResources?: { from: string }[];
  electronFuses?: Record<string, boolean>;
};

const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Config;

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
    const files = [config.win?.icon, config.mac?.icon, config.linux?.icon].filter(Boolean);
    for (const file of files) expect(existsSync(file as string), file).toBe(true);
    for (const resource of config.extraResources ?? []) {
      expect(existsSync(resource.from), resource.from).toBe(true);
    }
    for (const light of ['green', 'yellow', 'red', 'grey']) {
      for (const ext of ['png', 'ico']) {
        expect(existsSync(path.join('assets/tray', `tray-${light}.${ext}`))).toBe(true);
      }
    }
  });

  it('builds per-user NSIS and portable for Windows x64, and AppImage/deb for Linux', () => {
    const winTargets = config.win?.target?.map((t) => `${t.target}:${t.arch.join(',')}`);
    expect(winTargets).toEqual(['nsis:x64', 'portable:x64']);
    expect(config.nsis?.perMachine).toBe(false);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });

  it('locks the Electron fuses that turn the app into a general Node runtime', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
