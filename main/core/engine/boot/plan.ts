import { BootError, type BootSystem } from './types';

/**
 * What install/uninstall do, as data: `--dry-run` prints the steps, a real run executes them in
 * order through the BootSystem seam. Planning only looks (files, `schtasks /Query`); every
 * change is a step.
 */
export type BootStep =
  | {
      kind: 'run';
      command: string;
      args: string[];
      /** Stopping something that may not run: a failure is reported, not fatal. */
      tolerateFailure?: boolean;
      /** launchd may still be tearing down the job `bootout` stopped: try again a few times. */
      attempts?: number;
    }
  | {
      kind: 'write';
      file: string;
      /** The text as written (what a dry run prints). */
      text: string;
      /** The bytes, when they are not the UTF-8 of text (the task XML is UTF-16). */
      bytes?: Uint8Array;
      encoding: 'UTF-8' | 'UTF-16 LE with BOM';
      mode?: number;
    }
  | { kind: 'copy'; from: string; to: string }
  | { kind: 'remove'; path: string };

export interface BootPlan {
  steps: BootStep[];
  /** Said on stderr: choices made, what is replaced, what to keep in mind. */
  notes: string[];
}

/** A command line as a person would type it (for the printed steps). */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map((a) => (/^[\w@%+=:,./\\-]+$/.test(a) ? a : `"${a}"`)).join(' ');
}

/** One line per step, "would ..." in a dry run; a write is followed by the full file text. */
export function describeStep(step: BootStep, dryRun: boolean): string {
  const verb = (now: string, later: string) => (dryRun ? `would ${later}` : now);
  switch (step.kind) {
    case 'run':
      return `${verb('run', 'run')}: ${commandLine(step.command, step.args)}`;
    case 'write':
      return dryRun
        ? `would write ${step.file} (${step.encoding}):\n${step.text}${step.text.endsWith('\n') ? '' : '\n'}--- end of ${step.file}`
        : `write: ${step.file}`;
    case 'copy':
      return `${verb('copy', 'copy')}: ${step.from} -> ${step.to}`;
    case 'remove':
      return `${verb('remove', 'remove')}: ${step.path}`;
  }
}

export interface ExecuteOptions {
  /** Told before each step (the CLI prints it). */
  onStep?: (step: BootStep) => void;
  /** Told when a tolerated command failed. */
  onWarning?: (message: string) => void;
  /** Pause between attempts (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function executePlan(
  plan: BootPlan,
  system: BootSystem,
  options: ExecuteOptions = {},
): Promise<void> {
  const sleep = options.sleep ?? pause;
  for (const step of plan.steps) {
    options.onStep?.(step);
    switch (step.kind) {
      case 'write':
        await system.writeFile(step.file, step.bytes ?? step.text, step.mode);
        break;
      case 'copy':
        await system.copy(step.from, step.to);
        break;
      case 'remove':
        await system.remove(step.path);
        break;
      case 'run': {
        const attempts = step.attempts ?? 1;
        for (let attempt = 1; ; attempt++) {
          const result = await system.run(step.command, step.args);
          if (result.code === 0) break;
          const detail = (result.stderr || result.stdout).trim().replace(/\s*\n\s*/g, '; ');
          const message = `${commandLine(step.command, step.args)} failed (exit ${result.code})${detail ? `: ${detail}` : ''}`;
          if (attempt < attempts) {
            await sleep(1000);
            continue;
          }
          if (step.tolerateFailure) {
            options.onWarning?.(message);
            break;
          }
          throw new BootError(message);
        }
        break;
      }
    }
  }
}
