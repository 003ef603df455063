import { mkdir, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ssh2Package from 'ssh2/package.json';
import type { Profile } from '../config/profile';
import { redact } from '../logging/redact';
import { VERSION } from '../version';
import { zipFiles } from './zip';
import { renderAdvice, translate, type Lang } from './advice/catalogue';
import type { DiagnoseReport } from './types';

/** What support asks for, in one object: never a secret (no passphrase, password or key). */
export interface DiagnosticBundle {
  format: 'tunnelkeeper-diagnostic-bundle';
  formatVersion: 1;
  createdAt: string;
  versions: Record<string, string>;
  profile: unknown;
  report: Omit<DiagnoseReport, 'log'> & {
    causeTitle: Record<Lang, string> | null;
    advice: Record<Lang, string[]>;
  };
  /** The diagnosis's own SSH protocol log (like `plink -v`). */
  log: string[];
  /** The newest lines of the log `up` keeps for this profile, when there is one. */
  tunnelLog: string[];
}

export interface BundleExtras {
  tunnelLog?: readonly string[];
  /** Values to scrub wherever they appear (e.g. the passphrase read from the passphrase file). */
  secrets?: readonly string[];
}

/**
 * The profile as support may see it: paths stay (they are what support checks), the name of a
 * stored password and free-text notes do not.
 */
export function redactProfile(profile: Profile): unknown {
  const copy = structuredClone(profile) as Profile & { notes?: string };
  if (copy.auth.passwordRef) copy.auth.passwordRef = '[redacted]';
  if (copy.notes) copy.notes = '[redacted]';
  return copy;
}

export function versions(): Record<string, string> {
  return {
    tunnelkeeper: VERSION,
    node: process.versions.node,
    openssl: process.versions.openssl ?? '',
    ssh2: (ssh2Package as { version?: string }).version ?? '',
    platform: `${process.platform} ${os.release()} ${process.arch}`,
  };
}

export function buildBundle(
  report: DiagnoseReport,
  profile: Profile,
  extras: BundleExtras = {},
): DiagnosticBundle {
  const secrets = extras.secrets ?? [];
  const { log, ...rest } = report;
  return {
    format: 'tunnelkeeper-diagnostic-bundle',
    formatVersion: 1,
    createdAt: new Date().toISOString(),
    versions: versions(),
    profile: redactProfile(profile),
    report: {
      ...rest,
      causeTitle: report.cause
        ? {
            en: translate(`cause.${report.cause}`, 'en'),
            ja: translate(`cause.${report.cause}`, 'ja'),
          }
        : null,
      advice: {
        en: renderAdvice(report.adviceKeys, 'en'),
        ja: renderAdvice(report.adviceKeys, 'ja'),
      },
    },
    log: log.map((line) => redact(line, secrets)),
    tunnelLog: (extras.tunnelLog ?? []).map((line) => redact(line, secrets)),
  };
}

/**
 * Writes the bundle: `*.zip` → one archive, an existing folder (or a path ending in a
 * separator) → files in it, anything else → one JSON file. Returns what was written.
 */
export async function writeBundle(target: string, bundle: DiagnosticBundle): Promise<string> {
  const { log, tunnelLog, ...rest } = bundle;
  const json = `${JSON.stringify(rest, null, 2)}\n`;
  const protocolLog = `${log.join('\n')}\n`;
  const tunnelText = `${tunnelLog.join('\n')}\n`;
  const isDir =
    /[\\/]$/.test(target) ||
    (await stat(target).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  if (isDir) {
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, 'diagnose.json'), json, { mode: 0o600 });
    await writeFile(path.join(target, 'protocol.log'), protocolLog, { mode: 0o600 });
    await writeFile(path.join(target, 'tunnel.log'), tunnelText, { mode: 0o600 });
    return path.join(target, 'diagnose.json');
  }
  if (/\.zip$/i.test(target)) {
    await writeFile(
      target,
      zipFiles({ 'diagnose.json': json, 'protocol.log': protocolLog, 'tunnel.log': tunnelText }),
      {
        mode: 0o600,
      },
    );
    return target;
  }
  await writeFile(target, `${JSON.stringify(bundle, null, 2)}\n`, { mode: 0o600 });
  return target;
}
