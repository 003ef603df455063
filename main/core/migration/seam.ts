/**
 * The narrow interface between the migration scan and Windows: everything the scan reads from the
 * machine or changes on it goes through here, so the scan itself is plain logic that tests drive
 * with an in-memory fake (fake-seam.ts) and the app with the real thing (windows-seam.ts).
 *
 * What changes the machine only ever DISABLES, never deletes, and each change returns the exact
 * instruction that undoes it:
 * - a task: `schtasks /change /tn <path> /disable` (undo: the same with /enable),
 *   https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/schtasks-change
 * - a Startup-folder item: renamed to `<name>.disabled-by-tunnelkeeper` (undo: rename it back).
 */
export type StartupFolder = 'user' | 'common';

export interface StartupItem {
  /** The file name: `Rescale tunnel.lnk`. */
  name: string;
  /** The full path. */
  path: string;
  /** The user's Startup folder (%APPDATA%\…) or the one for all users (%ProgramData%\…). */
  folder: StartupFolder;
  /** The file's content; absent when it could not be read (then `error` says why). */
  bytes?: Buffer;
  error?: string;
}

export interface UndoInstruction {
  /** One sentence for a person: what was done and how to undo it. */
  undo: string;
  /** The exact command that undoes it (cmd.exe syntax). */
  undoCommand: string;
}

export interface MigrationSeam {
  /** `schtasks /query /xml ONE`: every task of the machine, as bytes. */
  listScheduledTasks(): Promise<Buffer>;
  /** `schtasks /change /tn <path> /disable`. Rejects with the reason when schtasks refuses. */
  disableTask(path: string): Promise<UndoInstruction>;
  /** Both Startup folders (the user's, then the common one); a missing folder is empty. */
  listStartupFolder(): Promise<StartupItem[]>;
  /** Renames the item to `<name>.disabled-by-tunnelkeeper`; never deletes it. */
  disableStartupItem(path: string): Promise<UndoInstruction>;
  /**
   * Reads a file a task or a shortcut starts (a batch script). Read-only; absent on a seam that
   * cannot read files, in which case such scripts are reported as not read.
   */
  readFile?(path: string): Promise<Buffer>;
}

/** The suffix a disabled Startup item gets; the scan recognises it and reports the item disabled. */
export const DISABLED_SUFFIX = '.disabled-by-tunnelkeeper';

/** A task path as schtasks takes it in a command line: always quoted (names have spaces). */
export const quoteTaskPath = (path: string): string => `"${path}"`;

export function taskUndo(path: string): UndoInstruction {
  const undoCommand = `schtasks /change /tn ${quoteTaskPath(path)} /enable`;
  return {
    undo: `The task ${path} was disabled, not deleted. To undo, enable it again in Task Scheduler or run: ${undoCommand}`,
    undoCommand,
  };
}

/** `from` is the original path, `to` the disabled one. */
export function startupUndo(from: string, to: string): UndoInstruction {
  const original = from.split(/[\\/]/).pop() ?? from;
  const undoCommand = `ren "${to}" "${original}"`;
  return {
    undo: `${from} was renamed to ${to}, not deleted. To undo, rename it back to ${original}, or run: ${undoCommand}`,
    undoCommand,
  };
}
