// Copies the troubleshooting catalogue of main/core into the renderer's locale files: the
// renderer may not import main/**, and a test fails when the copy drifts from the source.
// Run: npx tsx scripts/sync-diag-locales.ts
import { writeFileSync } from 'node:fs';
import { EN } from '../main/core/diagnostics/advice/messages.en';
import { JA } from '../main/core/diagnostics/advice/messages.ja';

for (const [language, table] of [
  ['en', EN],
  ['ja', JA],
] as const) {
  writeFileSync(
    `renderer/src/locales/diag.${language}.json`,
    `${JSON.stringify(table, null, 2)}\n`,
  );
}
