/**
 * The boot service of the engine (cli.md "engine install"): one definition per OS that starts
 * `tunnelkeeper engine run` at boot, before anyone logs on, and again when it exits.
 */
export const BOOT_PLATFORMS = ['windows', 'linux', 'macos'] as const;
export type BootPlatform = (typeof BOOT_PLATFORMS)[number];

export interface RunResult {
  /** Exit status; 127 when the program could not be started at all. */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Everything `engine install`/`uninstall` asks of the machine, and nothing more: the seam the
 * tests replace with a fake (tests/helpers/fake-boot-system.ts). Paths are the machine's own.
 */
export interface BootSystem {
  /** The OS this system acts on; null on one Tunnelkeeper has no boot service for. */
  readonly platform: BootPlatform | null;
  /** Root (uid 0) on Linux and macOS; an elevated administrator (or SYSTEM) on Windows. */
  isPrivileged(): Promise<boolean>;
  exists(file: string): Promise<boolean>;
  readFile(file: string): Promise<string>;
  /** The names in a folder; [] when it does not exist. */
  listDir(dir: string): Promise<string[]>;
  /** The path with every symbolic link resolved (the path itself when it does not exist). */
  realpath(file: string): Promise<string>;
  /** Creates the parent folders (readable by all, 0755) and replaces the file atomically. */
  writeFile(file: string, data: string | Uint8Array, mode?: number): Promise<void>;
  /** Copies a file or a folder (recursively, links followed), replacing what is there. */
  copy(from: string, to: string): Promise<void>;
  /** Removes a file or a folder (recursively); nothing when it does not exist. */
  remove(target: string): Promise<void>;
  /** Runs a program (never through a shell) and waits for it. */
  run(command: string, args: readonly string[]): Promise<RunResult>;
}

/**
 * A program the service runs as it is, instead of node and the CLI bundle: the desktop app's
 * own binary started as the engine (`<app> --tunnelkeeper-engine --config C`).
 */
export interface ServiceCommand {
  program: string;
  args: readonly string[];
}

/** What the service runs and as whom: the part every platform's definition shares. */
export interface EngineServiceSpec {
  /** The program and its arguments: node, its flags, the CLI bundle, `engine run ...`. */
  argv: readonly string[];
  /** The account that runs the engine; undefined: root (Linux, macOS) or SYSTEM (Windows). */
  user?: string;
  /** The folder the engine starts in. */
  workingDirectory: string;
  /** The config the engine reads, for the description (already in argv when given). */
  configPath?: string;
}

/** Where a platform's definition lives, and the folder the CLI is copied to (see engine-command.ts). */
export interface BootLocations {
  /** The systemd unit name, the Task Scheduler task name, or the launchd label. */
  service: string;
  /** The unit file, the task XML handed to schtasks, or the plist. */
  definitionFile: string;
  /** The stable per-machine folder for a copy of the CLI. */
  stableDir: string;
}

/** A failure of install/uninstall the user can act on (the CLI prints it, exit 1). */
export class BootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BootError';
  }
}
