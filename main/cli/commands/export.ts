import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigError, loadConfig } from '../../core/config/profile';
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
 * said on stderr. `--to systemd|task-scheduler|launchd` (issue 5) writes a service definition
 * that runs `tunnelkeeper up` for the profile at boot. The config is only read.
 */
interface ExportOptionsCli {
  config: string;
  profile: string;
  to: ExportTarget;
  json?: boolean;
}

const isService = (t: ExportTarget): t is ServiceTarget =>
  (SERVICE_TARGETS as readonly string[]).includes(t);

/**
 * How this very CLI was started (node + bin script), so the service starts the same one, with
 * the node flag the bin's shebang gives (bin/tunnelkeeper.cjs: single-threaded GC, measured
 * faster for tunnels) since a service calls node directly.
 */
function cliCommand(): string[] {
  const script = process.argv[1];
  return script
    ? [process.execPath, '--single-threaded-gc', path.resolve(script)]
    : ['tunnelkeeper'];
}

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
  let profiles;
  try {
    profiles = (await loadConfig(opts.config, { persistMigration: false })).document.profiles;
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliFailure(error.message.replace(/\s*\n\s*/g, '; '));
    throw error;
  }
  const profile = profiles.find((p) => p.id === opts.profile);
  if (!profile) {
    const ids = profiles.map((p) => p.id).join(', ') || 'none';
    throw new CliFailure(`no profile "${opts.profile}" in ${opts.config} (profiles: ${ids})`);
  }
  const result: ExportResult = isService(opts.to)
    ? exportService(profile, opts.to, {
        configPath: path.resolve(opts.config),
        command: cliCommand(),
        user: serviceUser(),
      })
    : exportProfile(profile, opts.to);
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ profile: profile.id, to: opts.to, text: result.text, notes: result.notes }, null, 2)}\n`,
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
      'write a profile as the equivalent plink/ssh command line or ssh_config block, or as a service (systemd, Task Scheduler, launchd) that runs it at boot',
    )
    .requiredOption('--config <config.json>', 'the config file')
    .requiredOption('--profile <id>', 'the profile to export')
    .addOption(
      new Option('--to <target>', 'what to write')
        .choices([...EXPORT_TARGETS])
        .makeOptionMandatory(),
    )
    .option('--json', 'print {"text": ..., "notes": [...]} on stdout')
    .action((opts: ExportOptionsCli) => run(opts));
};
