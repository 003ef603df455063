import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigError, loadConfig } from '../../core/config/profile';
import { cliBundleFromScript, nodeBootSystem } from '../../core/engine/boot';
import {
  EXPORT_TARGETS,
  exportProfile,
  exportService,
  SERVICE_TARGETS,
  type ExportResult,
  type ExportTarget,
  type ServiceTarget,
} from '../../core/imports/export';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper export --config C --profile ID --to plink|ssh|ssh-config` (cli.md): the
 * equivalent on stdout, so an admin can check it or fall back to it; what it cannot express is
 * said on stderr. `--to systemd|task-scheduler|launchd` writes the engine's boot service, the
 * definition `tunnelkeeper engine install` installs: one engine for the config's autostart
 * profiles (`--profile` is then optional, and said when the engine will not start it). The
 * config is only read.
 */
interface ExportOptionsCli {
  config: string;
  profile?: string;
  to: ExportTarget;
  json?: boolean;
}

const isService = (t: ExportTarget): t is ServiceTarget =>
  (SERVICE_TARGETS as readonly string[]).includes(t);

/** The exporting account: its key files are the ones the profile names. */
function serviceUser(): string | undefined {
  const domain = process.platform === 'win32' ? process.env.USERDOMAIN : undefined;
  try {
    const name = os.userInfo().username;
    return domain ? `${domain}\\${name}` : name;
  } catch {
    return undefined;
  }
}

async function run(opts: ExportOptionsCli): Promise<void> {
  if (!isService(opts.to) && !opts.profile)
    throw new CliFailure(`--profile <id> is required with --to ${opts.to}`, 2);
  let profiles;
  try {
    profiles = (await loadConfig(opts.config, { persistMigration: false })).document.profiles;
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliFailure(error.message.replace(/\s*\n\s*/g, '; '));
    throw error;
  }
  const profile = opts.profile ? profiles.find((p) => p.id === opts.profile) : undefined;
  if (opts.profile && !profile) {
    const ids = profiles.map((p) => p.id).join(', ') || 'none';
    throw new CliFailure(`no profile "${opts.profile}" in ${opts.config} (profiles: ${ids})`);
  }
  let result: ExportResult;
  if (isService(opts.to)) {
    const system = nodeBootSystem();
    const user = serviceUser();
    const script = process.argv[1];
    if (!script) throw new CliFailure('cannot tell where this CLI is installed');
    result = await exportService(
      opts.to,
      {
        configPath: path.resolve(opts.config),
        profiles,
        ...(opts.profile ? { profileId: opts.profile } : {}),
        nodePath: process.execPath,
        bundlePath: await cliBundleFromScript(script, system),
        ...(user ? { user } : {}),
      },
      system,
    );
  } else if (profile) result = exportProfile(profile, opts.to);
  else throw new CliFailure(`--profile <id> is required with --to ${opts.to}`, 2);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ profile: opts.profile ?? null, to: opts.to, text: result.text, notes: result.notes }, null, 2)}\n`,
    );
    return;
  }
  process.stdout.write(result.text);
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
}

export const registerExport: CommandRegistrar = (program: Command) => {
  program
    .command('export')
    .description(
      "write a profile as the equivalent plink/ssh command line or ssh_config block, or the engine's boot service (systemd, Task Scheduler, launchd) that runs the config's autostart profiles",
    )
    .requiredOption('--config <config.json>', 'the config file')
    .option('--profile <id>', 'the profile to export (optional with a service target)')
    .addOption(
      new Option('--to <target>', 'what to write')
        .choices([...EXPORT_TARGETS])
        .makeOptionMandatory(),
    )
    .option('--json', 'print {"text": ..., "notes": [...]} on stdout')
    .action((opts: ExportOptionsCli) => run(opts));
};
