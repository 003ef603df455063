import { importText } from '../core/imports/import';
import type { ImportSource } from '../core/imports/types';
import type { ImportService } from './ports';

/** The Import dialog over the CLI's `import`: text in, profiles out, nothing saved. */
export const coreImports: ImportService = {
  preview(source, text, takenIds) {
    const { profiles, warnings } = importText(
      source as ImportSource | 'auto',
      text,
      { inputName: 'the pasted text' },
      takenIds,
    );
    return { profiles, warnings };
  },
};
