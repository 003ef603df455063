import { Option, type Command } from 'commander';
import { ConfigError } from '../../core/config/profile';
import { importInput, readImportInput } from '../../core/imports/import';
import { appendProfiles, existingConfig } from '../../core/imports/merge';
import { parseTunnelHost } from '../../core/imports/license-proposal';
import {
  IMPORT_SOURCES,
  ImportError,
  type ImportSource,
  type ImportWarning,
} from '../../core/imports/types';
import type { Profile } from '../../core/config/profile';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

/**
 * `tunnelkeeper import --from <source> <file-or-"command line"> [-o config.json] [--json]`
 * (cli.md). Profiles and warnings go to stdout with --json; otherwise a summary goes to stdout
 * and each warning to stderr. Nothing is written unless every step before the write succeeded.
 */
interface ImportOptionsCli {
  from: ImportSource | 'auto';
  output?: string;
  json?: boolean;
  host?: string;
  key?: string;
}

const ARROW = { local: '→', remote: '←', dynamic: 'SOCKS' } as const;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ');
}

export function formatWarning(w: ImportWarning): string {
  const where = [
    w.profile,
    w.forward && `forward ${w.forward}`,
    w.line && !w.message.includes(`line ${w.line}`) && `line ${w.line}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `warning [${w.code}]${where ? ` (${where})` : ''}: ${w.message}`;
}

function describe(profile: Profile): string {
  const lines = [
    `  ${profile.id}  "${profile.name}"  ${profile.user}@${profile.host}:${profile.port}`,
  ];
  for (const f of profile.forwards) {
    const listen = `${f.bindAddress}:${f.bindPort}`;
    const target = f.type === 'dynamic' ? '' : ` ${f.targetHost}:${f.targetPort}`;
    lines.push(
      `    ${f.id}  ${f.type} ${listen} ${ARROW[f.type]}${target}${f.label ? `  (${f.label})` : ''}`,
    );
  }
  return lines.join('\n');
}

async function run(input: string | undefined, opts: ImportOptionsCli): Promise<void> {
  if (opts.host !== undefined && !parseTunnelHost(opts.host))
    throw new CliFailure(`--host "${opts.host}" is not [user@]host[:port]`, 2);
  if (
    (input === undefined || input.trim() === '') &&
    !(opts.from === 'putty-reg' && process.platform === 'win32')
  )
    throw new CliFailure('missing input: give a file, or a plink/ssh command line in quotes', 2);
  const options = {
    ...(opts.host ? { tunnelHost: opts.host } : {}),
    ...(opts.key ? { keyFile: opts.key } : {}),
  };
  try {
    const source = await readImportInput(input, opts.from);
    const existing = opts.output ? await existingConfig(opts.output) : undefined;
    const taken = existing?.document.profiles.map((p) => p.id) ?? [];
    const outcome = importInput(opts.from, source, options, taken);
    if (existing) await appendProfiles(existing, outcome.profiles);
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ profiles: outcome.profiles, warnings: outcome.warnings, source: outcome.source, ...(opts.output ? { config: opts.output } : {}) }, null, 2)}\n`,
      );
      return;
    }
    const n = outcome.profiles.length;
    process.stdout.write(
      `Imported ${n} profile${n === 1 ? '' : 's'} from ${source.name} (${outcome.source}):\n${outcome.profiles.map(describe).join('\n')}\n` +
        (opts.output
          ? `Added to ${opts.output}.\n`
          : 'Nothing was saved: add -o <config.json> to keep them.\n'),
    );
    for (const w of outcome.warnings) process.stderr.write(`${formatWarning(w)}\n`);
  } catch (error) {
    if (error instanceof ImportError)
      throw new CliFailure(`import failed: ${oneLine(error.message)}`);
    if (error instanceof ConfigError)
      throw new CliFailure(`nothing was imported: ${oneLine(error.message)}`);
    if (error instanceof CliFailure) throw error;
    const e = error as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string')
      throw new CliFailure(`import failed: ${oneLine(e.message)}`);
    throw error;
  }
}

export const registerImport: CommandRegistrar = (program: Command) => {
  program
    .command('import')
    .description(
      'import tunnel profiles from a plink/ssh command line or script, PuTTY sessions (.reg), an ssh_config, or a FlexLM/RLM license file',
    )
    .argument(
      '[input]',
      'a file, or a plink/ssh command line in quotes (putty-reg on Windows: omit to read the registry)',
    )
    .addOption(
      new Option('--from <source>', 'what the input is')
        .choices([...IMPORT_SOURCES, 'auto'])
        .default('auto'),
    )
    .option('-o, --output <config.json>', 'append the profiles to this config (created if missing)')
    .option('--json', 'print {"profiles":[...],"warnings":[...]} on stdout')
    .option(
      '--host <[user@]host[:port]>',
      'flexlm/rlm: the SSH server (license proxy) to tunnel to',
    )
    .option('--key <file>', 'flexlm/rlm: the private key for that server')
    .action((input: string | undefined, opts: ImportOptionsCli) => run(input, opts));
};
