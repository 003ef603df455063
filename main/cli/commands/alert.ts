import path from 'node:path';
import type { Command } from 'commander';
import { alertsConfigOf, sendTestAlert, type DeliveryResult } from '../../core/alerts';
import { FileSecretStore } from '../../core/auth/secrets/file-store';
import { createSecretResolver } from '../../core/auth/secrets/store';
import { ConfigError, loadConfig } from '../../core/config/profile';
import { defaultConfigPath } from '../../core/engine/run';
import { defaultDataDir } from '../../core/logging/paths';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper alert test`: sends a test message to every destination of the config's `alerts`
 * section, one try each, and says which arrived. It runs without an engine, with the headless
 * secrets (env:NAME, else the user-only secrets file), so it checks what the engine will use.
 */
interface TestFlags {
  config?: string;
  json?: boolean;
}

async function test(flags: TestFlags): Promise<void> {
  const file = path.resolve(flags.config ?? defaultConfigPath());
  let document;
  try {
    // Read-only: a test never rewrites (migrates) the user's file.
    ({ document } = await loadConfig(file, { persistMigration: false }));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(error.message);
    throw error;
  }
  const config = alertsConfigOf(document, file);
  if (!config)
    throw new CliFailure(
      `no alert destination in ${file}: add "alerts": { "webhook": { "url": … } } and/or "email"`,
    );
  const resolveSecret = createSecretResolver(
    new FileSecretStore(path.join(defaultDataDir(), 'secrets.json')),
  );
  const results = await sendTestAlert(config, { resolveSecret });
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(
    flags.json
      ? `${JSON.stringify({ ok: failed.length === 0, config: file, results })}\n`
      : results.map(line).join(''),
  );
  if (failed.length)
    throw new CliFailure(
      `the test message did not reach ${failed.length} of ${results.length} destination(s)`,
    );
}

const line = (r: DeliveryResult) =>
  r.ok ? `OK    ${r.destination}\n` : `FAIL  ${r.destination}: ${r.error ?? 'failed'}\n`;

export const registerAlert: CommandRegistrar = (program: Command) => {
  const alert = program
    .command('alert')
    .description('alerts when a tunnel stays down (the config\'s "alerts" section)');
  alert
    .command('test')
    .description('send a test message to every alert destination (webhook, e-mail)')
    .option('--config <file>', 'config file (default: the app’s, as `engine run` reads it)')
    .option('--json', 'machine output')
    .addHelpText(
      'after',
      '\nExit status: 0 when every destination accepted the message, 1 otherwise (one line on stderr).',
    )
    .action((flags: TestFlags) => test(flags));
};
