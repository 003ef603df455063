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
    [
      "import { registerIpcHandlers } from '../app/ipc/handlers';\nexport const r = registerIpcHandlers;\n",
    ],
    ["import { program } from '../cli/program';\nexport const p = program;\n"],
    ["import type { Bridge } from '../../renderer/src/bridge';\nexport type B = Bridge;\n"],
  ])('main/core may not import the shell, the CLI or UI: %s', async (code) => {
    expect(await restrictedImportErrors('main/core/probe.ts', code)).not.toHaveLength(0);
  });

  it('main/core may import node, its own modules and the contract', async () => {
    const code =
      "import { readFile } from 'node:fs/promises';\nimport { CAUSES } from './causes';\nimport { isUp } from '../../contract/tunnel-state';\nimport type { TunnelSnapshot } from '../../contract';\nexport const x = [readFile, CAUSES, isUp];\nexport type T = TunnelSnapshot;\n";
    expect(await restrictedImportErrors('main/core/tunnels/probe.ts', code)).toEqual([]);
  });

  it.each([
    ["import { app } from 'electron';\nexport const a = app;\n"],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ["import { Client } from 'ssh2';\nexport const c = Client;\n"],
    ["import { CodedError } from '../main/app/errors';\nexport const c = CodedError;\n"],
    [
      "import { registerIpcHandlers } from '../main/ipc/handlers';\nexport const r = registerIpcHandlers;\n",
    ],
    ["import type { Bridge } from '../renderer/src/bridge';\nexport type B = Bridge;\n"],
    ["import '../preload/index';\n"],
    ["import { VERSION } from '../main/core/version';\nexport const v = VERSION;\n"],
  ])('contract/ depends on zod only, and on nothing of one process: %s', async (code) => {
    expect(await restrictedImportErrors('contract/probe.ts', code)).not.toHaveLength(0);
  });

  it('contract/ may import zod, its own files and the profile schema of core', async () => {
    const code =
      "import { z } from 'zod';\nimport { CAUSES } from './causes';\nimport { ProfileSchema } from '../main/core/config/schema';\nexport const x = [z, CAUSES, ProfileSchema];\n";
    expect(await restrictedImportErrors('contract/probe.ts', code)).toEqual([]);
  });

  it.each([
    ["import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ["import fs from 'fs';\nexport const f = fs;\n"],
    ["import { Client } from 'ssh2';\nexport const c = Client;\n"],
    ["import { VERSION } from '../../main/core/version';\nexport const v = VERSION;\n"],
    ["import type { CodedError } from '../../main/app/errors';\nexport type C = CodedError;\n"],
    ["import '../../preload/index';\n"],
    // zod schemas stay out of the renderer's bundle: types only.
    ["import { Requests } from '../../contract';\nexport const r = Requests;\n"],
    ["import { Requests } from '../../contract/api';\nexport const r = Requests;\n"],
    [
      "import { TunnelSnapshotSchema } from '../../contract/schemas';\nexport const s = TunnelSnapshotSchema;\n",
    ],
    [
      "import { KeySummarySchema } from '../../contract/schemas-tools';\nexport const s = KeySummarySchema;\n",
    ],
  ])('renderer may not import electron, node, main code or zod schemas: %s', async (code) => {
    expect(await restrictedImportErrors('renderer/src/probe.ts', code)).not.toHaveLength(0);
  });

  it('renderer may take types from the contract and its zod-free parts at run time', async () => {
    const code =
      "import type { Api, TunnelSnapshot } from '../../contract';\nimport type { KeySummary } from '../../contract/schemas-tools';\nimport { isUp, stateLight } from '../../contract/tunnel-state';\nimport { CAUSES } from '../../contract/causes';\nimport { Channels } from '../../contract/channels';\nimport { BRIDGE_ERROR_CODES } from '../../contract/bridge-errors';\nexport type A = [Api, TunnelSnapshot, KeySummary];\nexport const x = [isUp, stateLight, CAUSES, Channels, BRIDGE_ERROR_CODES];\n";
    expect(await restrictedImportErrors('renderer/src/probe.ts', code)).toEqual([]);
  });

  it.each([
    ["import { z } from 'zod';\nexport const s = z;\n"],
    ["import { Requests } from '../contract/api';\nexport const r = Requests;\n"],
    ["import { Channels } from '../contract';\nexport const c = Channels;\n"],
    ["import { CodedError } from '../main/app/errors';\nexport const c = CodedError;\n"],
  ])('the sandboxed preload requires only electron and plain constants: %s', async (code) => {
    expect(await restrictedImportErrors('preload/index.ts', code)).not.toHaveLength(0);
  });

  it('the preload may import electron, the channel names and error codes, and the Api type', async () => {
    const code =
      "import { contextBridge } from 'electron';\nimport type { Api } from '../contract/api';\nimport { bridgeErrorCode } from '../contract/bridge-errors';\nimport { Channels } from '../contract/channels';\nexport const x = [contextBridge, bridgeErrorCode, Channels];\nexport type A = Api;\n";
    expect(await restrictedImportErrors('preload/index.ts', code)).toEqual([]);
  });

  it.each([
    ["import { app } from 'electron';\nexport const a = app;\n"],
    ["import { createTray } from '../app/tray';\nexport const c = createTray;\n"],
    ["import { createTray } from '../../app/tray';\nexport const c = createTray;\n"],
    ["import type { Bridge } from '../../renderer/src/bridge';\nexport type B = Bridge;\n"],
  ])('the CLI may not import electron, the shell or the renderer: %s', async (code) => {
    expect(await restrictedImportErrors('main/cli/commands/probe.ts', code)).not.toHaveLength(0);
  });

  it('the CLI may import core and the contract', async () => {
    const code =
      "import { VERSION } from '../../core/version';\nimport { isUp } from '../../../contract/tunnel-state';\nexport const x = [VERSION, isUp];\n";
    expect(await restrictedImportErrors('main/cli/commands/probe.ts', code)).toEqual([]);
  });

  it.each([
    ["import type { Bridge } from '../../renderer/src/bridge';\nexport type B = Bridge;\n"],
    ["import '../../preload/index';\n"],
    ["import { program } from '../cli/program';\nexport const p = program;\n"],
  ])('the shell may not import the page, the preload or the CLI: %s', async (code) => {
    expect(await restrictedImportErrors('main/app/probe.ts', code)).not.toHaveLength(0);
  });

  it('the shell may import electron, core and the contract', async () => {
    const code =
      "import { app } from 'electron';\nimport { VERSION } from '../core/version';\nimport { Requests } from '../../contract';\nimport { isUp } from '../../contract/tunnel-state';\nimport { registerIpcHandlers } from './ipc/handlers';\nexport const x = [app, VERSION, Requests, isUp, registerIpcHandlers];\n";
    expect(await restrictedImportErrors('main/app/probe.ts', code)).toEqual([]);
  });

  it.each([
    ["import { startShell } from '../shell';\nexport const s = startShell;\n"],
    ["import { bootstrap } from '../bootstrap';\nexport const b = bootstrap;\n"],
  ])('the bridge handlers may not import the shell that wires them: %s', async (code) => {
    expect(await restrictedImportErrors('main/app/ipc/probe.ts', code)).not.toHaveLength(0);
  });

  it('the bridge handlers may import the shell services and the contract', async () => {
    const code =
      "import { CodedError } from '../errors';\nimport type { TunnelService } from '../ports';\nimport { Requests } from '../../../contract';\nexport const x = [CodedError, Requests];\nexport type T = TunnelService;\n";
    expect(await restrictedImportErrors('main/app/ipc/probe.ts', code)).toEqual([]);
  });
});
