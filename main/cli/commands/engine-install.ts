import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  BOOT_PLATFORMS,
  BootError,
  cliBundleFromScript,
  describeStep,
  installEngine,
  nodeBootSystem,
  uninstallEngine,
  type BootLocations,
  type BootPlan,
  type BootPlatform,
  type BootRequest,
  type BootSystem,
} from '../../core/engine/boot';
import { CliFailure } from '../errors';

/**
 * `tunnelkeeper engine install [--config C] [--user U] [--platform P] [--dry-run]` and
 * `engine uninstall [--platform P] [--dry-run]` (cli.md, "The engine"): the engine as a boot
 * service — Task Scheduler, systemd or launchd. The definitions and the steps live in
 * main/core/engine/boot; this file reads the flags and prints.
 */
export interface EngineInstallDeps {
  system?: BootSystem;
  /** The CLI bundle to run (default: the one this process was started from). */
  bundlePath?: string;
  nodePath?: string;
  env?: NodeJS.ProcessEnv;
  locations?: Partial<BootLocations>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

interface InstallFlags {
  config?: string;
  user?: string;
  platform?: BootPlatform;
  dryRun?: boolean;
}

async function request(
  flags: InstallFlags,
  deps: EngineInstallDeps,
  system: BootSystem,
): Promise<BootRequest> {
  const platform = flags.platform ?? system.platform;
  if (!platform)
    throw new CliFailure(
      `Tunnelkeeper has no boot service for ${process.platform}: choose one with --platform and --dry-run`,
    );
  const script = process.argv[1];
  const bundlePath =
    deps.bundlePath ?? (script ? await cliBundleFromScript(script, system) : undefined);
  if (!bundlePath) throw new CliFailure('cannot tell where this CLI is installed');
  // A config for this machine is made absolute; one for another OS is taken as written.
  const configPath =
    flags.config && platform === system.platform ? path.resolve(flags.config) : flags.config;
  return {
    platform,
    dryRun: flags.dryRun ?? false,
    nodePath: deps.nodePath ?? process.execPath,
    bundlePath,
    ...(configPath ? { configPath } : {}),
    ...(flags.user ? { user: flags.user } : {}),
    ...(deps.env ? { env: deps.env } : {}),
    ...(deps.locations ? { locations: deps.locations } : {}),
  };
}

async function perform(
  action: typeof installEngine,
  flags: InstallFlags,
  deps: EngineInstallDeps,
): Promise<void> {
  const out = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const system = deps.system ?? nodeBootSystem();
  const dryRun = flags.dryRun ?? false;
  let plan: BootPlan;
  try {
    plan = await action(await request(flags, deps, system), system, {
      onPlan: (p) => p.notes.forEach((note) => err(`note: ${note}\n`)),
      onStep: (step) => out(`${describeStep(step, dryRun)}\n`),
      onWarning: (message) => err(`warning: ${message}\n`),
    });
  } catch (error) {
    if (error instanceof BootError) throw new CliFailure(error.message);
    throw error;
  }
  if (dryRun) {
    for (const step of plan.steps) out(`${describeStep(step, true)}\n`);
    out('(dry run: nothing was written or run)\n');
  } else if (plan.steps.length > 0) out('done\n');
}

const platformOption = () =>
  new Option('--platform <platform>', 'which OS to write it for (default: this one)').choices([
    ...BOOT_PLATFORMS,
  ]);

/** Adds `install` and `uninstall` to the `engine` command (main/cli/commands/engine.ts). */
export function registerEngineInstall(engine: Command, deps: EngineInstallDeps = {}): void {
  engine
    .command('install')
    .description(
      'start the engine at boot, before anyone logs on, and again if it exits (Task Scheduler, systemd, launchd); needs administrator rights / root',
    )
    .option('--config <config.json>', "the config the engine runs (default: the engine's own)")
    .option(
      '--user <user>',
      'the account that runs the engine, whose key files it reads (default: SYSTEM on Windows, root elsewhere)',
    )
    .addOption(platformOption())
    .option(
      '--dry-run',
      'print the files it would write and the commands it would run, and do nothing',
    )
    .action((flags: InstallFlags) => perform(installEngine, flags, deps));
  engine
    .command('uninstall')
    .description(
      "stop the engine's boot service and remove it (and its copy of the CLI); needs administrator rights / root",
    )
    .addOption(platformOption())
    .option('--dry-run', 'print the commands it would run, and do nothing')
    .action((flags: InstallFlags) => perform(uninstallEngine, flags, deps));
}
