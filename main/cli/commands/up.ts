import path from 'node:path';
import type { Command } from 'commander';
import {
  ConfigError,
  loadConfig,
  resolveProfilePaths,
  type Profile,
} from '../../core/config/profile';
import { FileSecretStore } from '../../core/auth/secrets/file-store';
import { createSecretResolver } from '../../core/auth/secrets/store';
import { startControlServer } from '../../core/control/server';
import { defaultDataDir } from '../../core/logging/paths';
import { TunnelService } from '../../core/service';
import type { TunnelEvent } from '../../core/tunnels/events';
import { LockHeldError } from '../../core/tunnels/lock';
import { CliFailure } from '../errors';
import { untilStopSignal } from '../stop-signal';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper up`: runs profiles in the foreground under the supervisor until SIGINT/SIGTERM,
 * then closes every session and listener and exits 0 (cli.md). `--json`: one event per line.
 */
interface UpOptions {
  config: string;
  profile: string[];
  json?: boolean;
  verbose?: boolean;
  logDir?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** One event as a line for people (shared with `engine run` and `logs --follow`). */
export function humanLine(event: TunnelEvent): string | undefined {
  const time = event.ts.slice(11, 19);
  const head = `${time} ${event.profile}`;
  switch (event.type) {
    case 'state': {
      const cause = event.cause ? ` (${event.cause})` : '';
      const retry =
        event.retryInMs !== undefined
          ? ` — retry in ${(event.retryInMs / 1000).toFixed(1)} s, attempt ${event.attempt}`
          : '';
      const detail = event.detail && event.state !== 'connecting' ? `: ${event.detail}` : '';
      return `${head} ${event.state}${cause}${retry}${detail}`;
    }
    case 'forward': {
      const where =
        event.bindPort !== undefined ? ` on ${event.bindAddress}:${event.bindPort}` : '';
      const cause = event.cause
        ? ` (${event.cause})${event.detail ? `: ${event.detail}` : ''}`
        : '';
      return `${head} forward ${event.forward} ${event.status}${where}${cause}`;
    }
    case 'connection':
      return event.cause
        ? `${head} forward ${event.forward}: connection failed (${event.cause})${event.detail ? `: ${event.detail}` : ''}`
        : undefined;
    case 'log':
      // Only the protocol log: the other entries repeat what the event lines already say.
      return event.level === 'debug' ? `${head} debug: ${event.message}` : undefined;
  }
}

function select(profiles: Profile[], wanted: string[], file: string): Profile[] {
  if (profiles.length === 0) throw new CliFailure(`${file} has no profiles`);
  if (wanted.length === 0) return profiles;
  const unknown = wanted.filter((id) => !profiles.some((p) => p.id === id));
  if (unknown.length)
    throw new CliFailure(
      `no profile ${unknown.map((id) => `"${id}"`).join(', ')} in ${file} (profiles: ${profiles.map((p) => p.id).join(', ')})`,
    );
  return profiles.filter((p) => wanted.includes(p.id));
}

export async function runUp(options: UpOptions): Promise<void> {
  let loaded;
  try {
    // `up` never rewrites the user's file; a migration is applied in memory only.
    loaded = await loadConfig(options.config, { persistMigration: false });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(error.message);
    throw error;
  }
  const baseDir = path.dirname(path.resolve(options.config));
  const profiles = select(loaded.document.profiles, options.profile, options.config).map((p) =>
    resolveProfilePaths(options.verbose ? { ...p, verbose: true } : p, baseDir),
  );
  const dataDir = defaultDataDir();
  const service = new TunnelService({
    logDir: options.logDir ?? path.join(dataDir, 'logs'),
    knownHostsFile: path.join(dataDir, 'known_hosts'),
    emitLogEvents: options.verbose === true && !options.json,
    // Headless passwords: env:NAME from the environment, any other ref from the user-only file.
    resolveSecret: createSecretResolver(new FileSecretStore(path.join(dataDir, 'secrets.json'))),
  });
  const write = (line: string) => {
    if (!process.stdout.destroyed) process.stdout.write(`${line}\n`);
  };
  process.stdout.on('error', () => undefined); // a closed pipe must not kill the tunnels
  service.onEvent((event) => {
    if (options.json) {
      if (event.type !== 'log') write(JSON.stringify(event));
    } else {
      const line = humanLine(event);
      if (line) write(line);
    }
  });
  for (const w of loaded.warnings)
    if (profiles.some((p) => p.id === w.profile))
      process.stderr.write(`tunnelkeeper: warning: ${w.profile}: ${w.message}\n`);

  // Keys marked "unlock at start" go into the built-in agent from their passphrase files.
  for (const r of await service.unlockAtStart(profiles))
    if (!r.ok)
      process.stderr.write(
        `tunnelkeeper: warning: could not unlock ${r.keyFile} at start (${r.code}): ${r.message}\n`,
      );

  try {
    for (const profile of profiles) service.start(profile);
  } catch (error) {
    await service.stopAll();
    service.keyring.close();
    if (error instanceof LockHeldError) throw new CliFailure(error.message);
    throw error;
  }
  const control = await startControlServer(service, { config: path.resolve(options.config) }).catch(
    (error: Error) => {
      process.stderr.write(
        `tunnelkeeper: warning: status will not reach this process: ${error.message}\n`,
      );
      return undefined;
    },
  );

  await untilStopSignal();
  await control?.close();
  await service.stopAll();
  service.keyring.close(); // unlocked keys lived in this process only
}

export const registerUp: CommandRegistrar = (program: Command) => {
  program
    .command('up')
    .description('run tunnels in the foreground, reconnecting as needed, until SIGINT/SIGTERM')
    .requiredOption('--config <file>', 'config file (JSON)')
    .option('--profile <id>', 'profile to run (repeatable; default: all)', collect, [])
    .option('--json', 'one JSON event per line on stdout')
    .option('-v, --verbose', 'keep the SSH protocol log (like plink -v)')
    .option('--log-dir <dir>', 'folder for the per-tunnel log files')
    .action((options: UpOptions) => runUp(options));
};
