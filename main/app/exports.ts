import { writeFile } from 'node:fs/promises';
import type { LogLine } from '../../contract';
import type { DiagnosticsService, FileDialogs, TunnelService } from './ports';

/** One line as `up` writes its log files: ISO time, level, message. */
export function formatLogLine(line: LogLine): string {
  return `${new Date(line.time).toISOString()} ${line.level.toUpperCase().padEnd(5)} ${line.message}`;
}

/** A file name that is safe on Windows whatever the profile id holds. */
function fileName(id: string, what: string, ext: string, now: Date): string {
  const safe = id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `tunnelkeeper-${safe}-${what}-${stamp}.${ext}`;
}

/** Saves the tunnel's log where the user picks and shows it; null when cancelled. */
export async function exportLog(
  tunnels: TunnelService,
  dialogs: FileDialogs,
  id: string,
  now = new Date(),
): Promise<string | null> {
  const target = await dialogs.chooseSavePath(fileName(id, 'log', 'log', now), 'log');
  if (!target) return null;
  const lines = tunnels.tail(id, 5000).map(formatLogLine);
  await writeFile(target, lines.length ? `${lines.join('\n')}\n` : '', { mode: 0o600 });
  dialogs.reveal(target);
  return target;
}

/** Runs the checks and saves the support bundle where the user picks; null when cancelled. */
export async function exportDiagnostics(
  tunnels: TunnelService,
  diagnostics: DiagnosticsService,
  dialogs: FileDialogs,
  id: string,
  now = new Date(),
): Promise<string | null> {
  const target = await dialogs.chooseSavePath(fileName(id, 'diagnostics', 'zip', now), 'zip');
  if (!target) return null;
  const written = await diagnostics.exportBundle(
    id,
    target,
    tunnels.tail(id, 2000).map(formatLogLine),
  );
  dialogs.reveal(written);
  return written;
}
