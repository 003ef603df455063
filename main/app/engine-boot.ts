import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BootStatus } from '../../contract';
import {
  BootError,
  bootServiceStatus,
  describeStep,
  hostPlatform,
  installEngine,
  uninstallEngine,
  type BootHooks,
  type BootRequest,
  type BootSystem,
  type ServiceCommand,
} from '../core/engine/boot';
import type { Elevator } from './elevate';
import { engineLaunchArgs } from './engine-launch';
import { CodedError } from './errors';
import { launcherPath } from './login-item';

/**
 * "Keep tunnels running at startup, even when nobody is signed in": the engine's boot service
 * (main/core/engine/boot) installed from the app. The service runs the app's own binary as the
 * engine, as the signed-in user, with the app's config:
 * `<app> --tunnelkeeper-engine --config <userData>/config.json`.
 *
 * Installing it needs administrator rights the app does not have, so the app starts its own
 * binary elevated (elevate.ts) with ENGINE_BOOT_FLAG; main/index.ts routes that to
 * engine-boot-process.ts, which installs (or with --uninstall removes) the service and exits
 * 0 (done), 1 (failed) or 2 (bad arguments).
 */
export const ENGINE_BOOT_FLAG = '--tunnelkeeper-engine-install';

/**
 * Chromium's switches for a binary with no display: a boot service has none, and pkexec clears
 * DISPLAY. Without them Electron on Linux exits at start ("Missing X server or $DISPLAY").
 */
export const LINUX_NO_DISPLAY = ['--ozone-platform=headless', '--disable-gpu'] as const;
/** Chromium refuses to start as root with its sandbox on (the elevated process opens no page). */
export const LINUX_AS_ROOT = ['--no-sandbox'] as const;

/** The app's binary as the OS starts it. */
export interface AppBinary {
  platform: NodeJS.Platform;
  /** process.execPath. */
  execPath: string;
  env: NodeJS.ProcessEnv;
  /** In development the binary is plain Electron and needs the app folder (engine-launch.ts). */
  appPath?: string;
}

/**
 * The file to run: the portable Windows build's .exe and the AppImage, not the temporary
 * folder or mount they unpack to (login-item.ts), which is gone after exit and which root
 * cannot even read (a user's FUSE mount).
 */
export const appProgram = (binary: AppBinary): string =>
  launcherPath({ platform: binary.platform, execPath: binary.execPath, env: binary.env });

/** What the boot service runs: the app's binary as the engine with the app's config. */
export function appServiceCommand(binary: AppBinary, configPath: string): ServiceCommand {
  return {
    program: appProgram(binary),
    args: [
      ...(binary.platform === 'linux' ? LINUX_NO_DISPLAY : []),
      ...engineLaunchArgs({
        execPath: binary.execPath,
        ...(binary.appPath ? { appPath: binary.appPath } : {}),
        configPath,
      }),
    ],
  };
}

/** What the elevated process is told; it works out the command itself (appServiceCommand). */
export interface BootInvocation {
  configPath: string;
  /** The account the engine runs as: the user who turned the setting on, not the elevated one. */
  user: string;
  uninstall: boolean;
  /** A new file the elevated process writes its notes and error to, for the app's log. */
  report?: string;
}

export function bootInvocationArgs(invocation: BootInvocation): string[] {
  return [
    ENGINE_BOOT_FLAG,
    '--config',
    invocation.configPath,
    '--user',
    invocation.user,
    ...(invocation.uninstall ? ['--uninstall'] : []),
    ...(invocation.report ? ['--report', invocation.report] : []),
  ];
}

/**
 * This process's boot invocation when it was started with ENGINE_BOOT_FLAG (a missing value is
 * left out: the process refuses it), else undefined.
 */
export function engineBootInvocation(argv: readonly string[]): Partial<BootInvocation> | undefined {
  if (!argv.includes(ENGINE_BOOT_FLAG)) return undefined;
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    const next = at >= 0 ? argv[at + 1] : undefined;
    return next && !next.startsWith('--') ? next : undefined;
  };
  const configPath = value('--config');
  const user = value('--user');
  const report = value('--report');
  return {
    ...(configPath ? { configPath } : {}),
    ...(user ? { user } : {}),
    uninstall: argv.includes('--uninstall'),
    ...(report ? { report } : {}),
  };
}

/**
 * The account the service runs the engine as: the signed-in user. Windows qualifies it with its
 * domain (the computer's name for a local account), which Task Scheduler resolves without doubt
 * (a bare name fails for an Entra ID account and may pick a local namesake of a domain one).
 */
export function serviceUser(
  platform: NodeJS.Platform,
  username: string,
  env: NodeJS.ProcessEnv,
): string {
  return platform === 'win32' && env.USERDOMAIN ? `${env.USERDOMAIN}\\${username}` : username;
}

/** The request the core installs: the app's binary as the engine, as the user, no copy. */
export function appBootRequest(
  binary: AppBinary,
  invocation: Pick<BootInvocation, 'configPath' | 'user'>,
): BootRequest {
  const platform = hostPlatform(binary.platform);
  if (!platform) throw new BootError(`Tunnelkeeper has no boot service for ${binary.platform}`);
  return {
    platform,
    dryRun: false,
    configPath: invocation.configPath,
    user: invocation.user,
    command: appServiceCommand(binary, invocation.configPath),
    env: binary.env,
  };
}

const isAbsolute = (file: string): boolean => path.isAbsolute(file) || path.win32.isAbsolute(file);

/**
 * The elevated process's work: install (or remove) the service, telling every note, step,
 * warning and the error to `write`. Returns the exit status: 0 done, 1 failed, 2 bad arguments.
 */
export async function performBootChange(
  invocation: Partial<BootInvocation>,
  binary: AppBinary,
  system: BootSystem,
  write: (line: string) => void,
  hooks: Pick<BootHooks, 'sleep'> = {},
): Promise<number> {
  const { configPath, user } = invocation;
  if (!configPath || !isAbsolute(configPath) || !user) {
    write(`error: ${ENGINE_BOOT_FLAG} needs --config <absolute path> and --user <name>`);
    return 2;
  }
  try {
    const request = appBootRequest(binary, { configPath, user });
    await (invocation.uninstall ? uninstallEngine : installEngine)(request, system, {
      ...hooks,
      onPlan: (plan) => plan.notes.forEach((note) => write(`note: ${note}`)),
      onStep: (step) => write(describeStep(step, false)),
      onWarning: (message) => write(`warning: ${message}`),
    });
    return 0;
  } catch (error) {
    write(`error: ${error instanceof BootError ? error.message : String(error)}`);
    return 1;
  }
}

/** The boot setting as the IPC handlers drive it. */
export interface BootService {
  status(): Promise<BootStatus>;
  /** Resolves the new status; throws CodedError `cancelled`, `boot-failed` or `unavailable`. */
  setEnabled(enabled: boolean): Promise<BootStatus>;
}

export interface BootServiceDeps {
  system: BootSystem;
  elevator: Elevator;
  binary: AppBinary;
  /** The app's config: <userData>/config.json. */
  configPath: string;
  /** serviceUser(...) of the signed-in user. */
  user: string;
  log?: (message: string) => void;
  /** Where the elevated process's report goes (a fresh folder below it); default: os.tmpdir(). */
  tempDir?: string;
}

export function createBootService(deps: BootServiceDeps): BootService {
  const log = deps.log ?? ((message: string) => console.error(`boot service: ${message}`));
  const invocation = { configPath: deps.configPath, user: deps.user };

  async function status(): Promise<BootStatus> {
    const now = await bootServiceStatus(deps.system, { env: deps.binary.env });
    return {
      installed: now.installed,
      needsAdmin: now.platform !== null && !now.privileged,
      platform: now.platform,
    };
  }

  /** Already administrator / root (the app was started so): no prompt, done in this process. */
  async function changeHere(enabled: boolean): Promise<void> {
    const lines: string[] = [];
    const code = await performBootChange(
      { ...invocation, uninstall: !enabled },
      deps.binary,
      deps.system,
      (line) => lines.push(line),
    );
    if (code !== 0) {
      log(lines.join('\n'));
      throw new CodedError('boot-failed');
    }
  }

  async function changeElevated(enabled: boolean): Promise<void> {
    const dir = await fs.mkdtemp(path.join(deps.tempDir ?? os.tmpdir(), 'tunnelkeeper-boot-'));
    const report = path.join(dir, 'report.txt');
    try {
      const { binary } = deps;
      const args = [
        ...(binary.platform === 'linux' ? [...LINUX_AS_ROOT, ...LINUX_NO_DISPLAY] : []),
        ...(binary.appPath ? [binary.appPath] : []),
        ...bootInvocationArgs({ ...invocation, uninstall: !enabled, report }),
      ];
      const result = await deps.elevator.run(appProgram(binary), args);
      const told = await fs.readFile(report, 'utf8').catch(() => '');
      if (result.outcome === 'cancelled') throw new CodedError('cancelled');
      if (result.outcome === 'failed') {
        log(`the elevated process failed (exit ${result.exitCode}): ${told || result.detail}`);
        throw new CodedError('boot-failed');
      }
      if (told) log(told.trimEnd());
    } finally {
      await fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  let queue: Promise<unknown> = Promise.resolve();
  async function setEnabled(enabled: boolean): Promise<BootStatus> {
    const before = await status();
    if (!before.platform) throw new CodedError('unavailable');
    if (before.needsAdmin) await changeElevated(enabled);
    else await changeHere(enabled);
    // The OS is the truth: a process that said "done" but left no service has failed.
    const after = await status();
    if (after.installed !== enabled) {
      log(
        `the boot service is ${after.installed ? 'still installed' : 'not installed'} after the change`,
      );
      throw new CodedError('boot-failed');
    }
    return after;
  }

  return {
    status,
    // One change at a time: a second click waits for the prompt of the first.
    setEnabled(enabled) {
      const next = queue.then(
        () => setEnabled(enabled),
        () => setEnabled(enabled),
      );
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
