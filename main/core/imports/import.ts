import { promises as fs } from 'node:fs';
import { readPuttyReg } from './putty-session';
import { detectSource } from './detect';
import { finalizeDrafts, type ImportResult } from './finalize';
import { readFlexlm } from './flexlm';
import { proposeLicenseProfile } from './license-proposal';
import { readLivePuttyRegistry } from './live-registry';
import { readRlm } from './rlm';
import { readScript } from './script';
import { readSshConfig } from './ssh-config';
import { decodeText, normaliseNewlines } from './text';
import {
  ImportError,
  type Draft,
  type ImportOptions,
  type ImportSource,
  type ImportWarning,
} from './types';

/**
 * The importers' façade: input (a file, a command line, or the live PuTTY registry) →
 * profiles with unique ids and structured warnings. Throws ImportError only.
 */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export interface ImportInput {
  text: string;
  /** A file name, "command line" or "registry", for messages. */
  name: string;
}

/** A file if one exists; otherwise, for plink/ssh, the argument is the command line itself. */
export async function readImportInput(
  arg: string | undefined,
  source: ImportSource | 'auto',
): Promise<ImportInput> {
  if (arg === undefined || arg.trim() === '') {
    if (source === 'putty-reg' && process.platform === 'win32')
      return { text: await readLivePuttyRegistry(), name: 'the registry' };
    throw new ImportError('no input: give a file or, for plink/ssh, a command line', 'no-input');
  }
  const stat = await fs.stat(arg).catch(() => undefined);
  if (stat?.isFile()) {
    if (stat.size > MAX_INPUT_BYTES)
      throw new ImportError(
        `${arg} is too large (${stat.size} bytes) to be a script, session export, ssh config or license file`,
        'input-too-large',
      );
    const bytes = await fs.readFile(arg).catch((error: Error) => {
      throw new ImportError(`cannot read ${arg}: ${error.message}`, 'input-unreadable');
    });
    return { text: decodeText(bytes), name: arg };
  }
  if (stat) throw new ImportError(`${arg} is not a file`, 'input-unreadable');
  const commandLike = /\s/.test(arg.trim()) || /@/.test(arg);
  if ((source === 'plink' || source === 'ssh' || source === 'auto') && commandLike)
    return { text: normaliseNewlines(arg), name: 'the command line' };
  throw new ImportError(`no such file: ${arg}`, 'file-not-found');
}

function nothingFound(
  what: string,
  input: ImportInput,
  warnings: readonly ImportWarning[],
  text: string,
  source: ImportSource,
): ImportError {
  const detected = detectSource(text);
  const hint =
    detected && detected !== source
      ? ` (it looks like ${detected} input: use --from ${detected})`
      : '';
  const reasons = warnings.length ? `: ${warnings.map((w) => w.message).join('; ')}` : '';
  return new ImportError(
    `${what} in ${input.name}${hint}${reasons}`,
    'nothing-to-import',
    warnings,
  );
}

function drafts(
  source: ImportSource,
  input: ImportInput,
  options: ImportOptions,
): { drafts: Draft[]; warnings: ImportWarning[] } {
  const { text } = input;
  switch (source) {
    case 'plink':
    case 'ssh': {
      const r = readScript(text, source, options);
      if (r.drafts.length === 0)
        throw nothingFound(
          'no plink or ssh command with a host was found',
          input,
          r.warnings,
          text,
          source,
        );
      return r;
    }
    case 'putty-reg': {
      const r = readPuttyReg(text);
      if (r.drafts.length === 0)
        throw nothingFound(
          'no SSH session with a host name was found',
          input,
          r.warnings,
          text,
          source,
        );
      return r;
    }
    case 'ssh-config':
      return readSshConfig(text, options);
    case 'flexlm':
      return proposeLicenseProfile(readFlexlm(text), options);
    case 'rlm':
      return proposeLicenseProfile(readRlm(text), options);
  }
}

export interface ImportOutcome extends ImportResult {
  source: ImportSource;
}

export function importInput(
  source: ImportSource | 'auto',
  input: ImportInput,
  options: ImportOptions = {},
  takenIds: Iterable<string> = [],
): ImportOutcome {
  const resolved = source === 'auto' ? detectSource(input.text) : source;
  if (!resolved)
    throw new ImportError(
      `cannot tell what ${input.name} is; say it with --from plink|ssh|putty-reg|ssh-config|flexlm|rlm`,
      'unknown-format',
    );
  const found = drafts(resolved, input, options);
  const result = finalizeDrafts(found.drafts, found.warnings, options, takenIds);
  if (result.profiles.length === 0)
    throw nothingFound(
      'nothing importable was found',
      input,
      result.warnings,
      input.text,
      resolved,
    );
  return { ...result, source: resolved };
}

/** Convenience for tests and the app: text in, profiles out. */
export function importText(
  source: ImportSource | 'auto',
  text: string,
  options: ImportOptions = {},
  takenIds: Iterable<string> = [],
): ImportOutcome {
  return importInput(
    source,
    { text: normaliseNewlines(text), name: options.inputName ?? 'the input' },
    options,
    takenIds,
  );
}
