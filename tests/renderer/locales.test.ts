import { describe, expect, it } from 'vitest';
import { EN } from '../../main/core/diagnostics/advice/messages.en';
import { JA } from '../../main/core/diagnostics/advice/messages.ja';
import { CAUSES } from '../../main/core/causes';
import { BRIDGE_ERROR_CODES } from '../../contract/bridge-errors';
import { TUNNEL_STATES } from '../../contract/tunnel-state';
import diagEn from '../../renderer/src/locales/diag.en.json';
import diagJa from '../../renderer/src/locales/diag.ja.json';
import en from '../../renderer/src/locales/en.json';
import ja from '../../renderer/src/locales/ja.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out[prefix + key] = value;
    else Object.assign(out, flatten(value, `${prefix}${key}.`));
  }
  return out;
}

describe('translations', () => {
  const flatEn = flatten(en);
  const flatJa = flatten(ja);

  it('have exactly the same keys in Japanese and English', () => {
    expect(Object.keys(flatJa).sort()).toEqual(Object.keys(flatEn).sort());
    expect(Object.keys(diagJa).sort()).toEqual(Object.keys(diagEn).sort());
  });

  it('have no empty values', () => {
    for (const table of [flatEn, flatJa, diagEn, diagJa])
      for (const [key, value] of Object.entries(table)) expect(value.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(flatEn))
      expect(names(flatJa[key] ?? ''), key).toEqual(names(flatEn[key] ?? ''));
  });

  it('say every cause code and every state in plain words', () => {
    for (const cause of CAUSES) {
      expect(flatEn[`cause.${cause}`], cause).toBeTruthy();
      expect(flatJa[`cause.${cause}`], cause).toBeTruthy();
    }
    for (const state of TUNNEL_STATES) {
      expect(flatEn[`state.${state}`], state).toBeTruthy();
      expect(flatJa[`state.${state}`], state).toBeTruthy();
    }
  });

  it('carry the troubleshooting catalogue of main/core word for word', () => {
    // The window translates advice keys with a copy (renderer/src/locales/diag.*.json): the
    // renderer may not import main/**. Refresh it with `npx tsx scripts/sync-diag-locales.ts`.
    expect(diagEn).toEqual(EN);
    expect(diagJa).toEqual(JA);
  });

  it('say every error code the bridge can return', () => {
    for (const code of BRIDGE_ERROR_CODES) {
      expect(flatEn[`errors.${code}`], code).toBeTruthy();
      expect(flatJa[`errors.${code}`], code).toBeTruthy();
    }
  });
});
