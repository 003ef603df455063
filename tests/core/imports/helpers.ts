import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importText } from '../../../main/core/imports/import';
import type { ImportSource } from '../../../main/core/imports/types';

export const FIXTURES = path.resolve('tests/fixtures/imports');
export const fixturePath = (name: string): string => path.join(FIXTURES, name);
export const fixture = (name: string): string => readFileSync(fixturePath(name), 'utf8');

/** Imports with a fixed local user and home so results do not depend on the machine. */
export const OPTIONS = { localUser: 'localadmin', homeDir: '/home/localadmin' };

export function imported(source: ImportSource | 'auto', text: string, extra = {}) {
  return importText(source, text, { ...OPTIONS, ...extra });
}

export const codes = (warnings: readonly { code: string }[]): string[] =>
  warnings.map((w) => w.code);
