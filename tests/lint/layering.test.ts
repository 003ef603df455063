import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layering rules of docs/architecture.md, exercised on real source paths: a forbidden
 * import must be an ESLint error (so `npm test` fails), an allowed one must not.
 */
const eslint = new ESLint();

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2)
    .map((m) => m.message);
}

describe('import layering', () => {
  it.each([
    ["import { app } from 'electron';\nexport const a = app;\n"],
    ["import { Tray } from 'electron/main';\nexport const t = Tray;\n"],
    ["import { createTray } from '../app/tray';\nexport const c = createTray;\n"],
    ["import type { Api } from '../../preload/contract';\nexport type A = Api;\n"],
  ])('main/core may not import the shell or UI: %s', async (code) => {
    expect(await restrictedImportErrors('main/core/probe.ts', code)).not.toHaveLength(0);
  });

  it('main/core may import node and its own modules', async () => {
    const code =
      "import { readFile } from 'node:fs/promises';\nimport { CAUSES } from './causes';\nexport const x = [readFile, CAUSES];\n";
    expect(await restrictedImportErrors('main/core/probe.ts', code)).toEqual([]);
  });

  it.each([
    ["import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ["import fs from 'fs';\nexport const f = fs;\n"],
    ["import { Client } from 'ssh2';\nexport const c = Client;\n"],
    ["import { VERSION } from '../../main/core/version';\nexport const v = VERSION;\n"],
    ["import { Channels } from '../../preload/contract';\nexport const c = Channels;\n"],
  ])('renderer may not import electron, node or main code: %s', async (code) => {
    expect(await restrictedImportErrors('renderer/src/probe.ts', code)).not.toHaveLength(0);
  });

  it('renderer may take types from the preload contract', async () => {
    const code = "import type { Api } from '../../preload/contract';\nexport type A = Api;\n";
    expect(await restrictedImportErrors('renderer/src/probe.ts', code)).toEqual([]);
  });

  it('the CLI may not import electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await restrictedImportErrors('main/cli/probe.ts', code)).not.toHaveLength(0);
  });
});
