import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../fs/write-atomic';
import { hostPlatform } from './locations';
import type { BootSystem, RunResult } from './types';

function runProgram(command: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...args],
      { windowsHide: true, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr });
        const code = typeof error.code === 'number' ? error.code : 127;
        resolve({ code, stdout, stderr: stderr || error.message });
      },
    );
  });
}

/**
 * An elevated administrator's token (or SYSTEM's) carries the High (S-1-16-12288) or System
 * (S-1-16-16384) mandatory label; a filtered one (UAC, not elevated) carries Medium.
 */
async function windowsElevated(): Promise<boolean> {
  const groups = await runProgram('whoami', ['/groups']);
  return groups.code === 0 && /S-1-16-(12288|16384)\b/.test(groups.stdout);
}

/** The BootSystem of this machine: the real files, programs and rights. */
export function nodeBootSystem(): BootSystem {
  return {
    platform: hostPlatform(),
    isPrivileged: () =>
      process.platform === 'win32' ? windowsElevated() : Promise.resolve(process.getuid?.() === 0),
    exists: (file) =>
      fs.access(file).then(
        () => true,
        () => false,
      ),
    readFile: (file) => fs.readFile(file, 'utf8'),
    listDir: (dir) => fs.readdir(dir).catch(() => []),
    realpath: (file) => fs.realpath(file).catch(() => file),
    async writeFile(file, data, mode) {
      // 0755: a service running as --user reads the copied CLI and its folder.
      await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
      await writeFileAtomic(file, data, mode === undefined ? { mode: 0o644 } : { mode });
    },
    async copy(from, to) {
      await fs.mkdir(path.dirname(to), { recursive: true, mode: 0o755 });
      await fs.cp(from, to, { recursive: true, dereference: true, force: true });
    },
    // Windows: a just-stopped engine may hold its native modules open a moment longer.
    remove: (target) =>
      fs.rm(target, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }),
    run: runProgram,
  };
}
