/** `tunnelkeeper diagnose` (cli.md "Running tunnels"): a thin adapter over main/core/diagnostics. */
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readSecretFile } from '../../core/auth/credentials';
import { FileSecretStore } from '../../core/auth/secrets/file-store';
import { createSecretResolver } from '../../core/auth/secrets/store';
import { ConfigError, loadConfig, type Profile } from '../../core/config/profile';
import {
  buildBundle,
  detectLang,
  plainParams,
  readRecentLog,
  renderAdvice,
  renderMessage,
  runDiagnostics,
  translate,
  writeBundle,
  type DiagnoseReport,
  type Lang,
} from '../../core/diagnostics';
import { defaultDataDir } from '../../core/logging/paths';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

interface DiagnoseFlags {
  config: string;
  profile: string;
  json?: boolean;
  lang?: Lang;
  bundle?: string;
  tcpTimeout?: number;
  timeout?: number;
  publicIpUrl?: string;
  logDir?: string;
}

const EXIT_HELP = `
Exit status: 0 when every check passed (cause null), 1 when a cause was found or the
config/profile cannot be used (one line on stderr), 2 on a usage error.
The whole run is bounded (default 28 s). Nothing on the internet is contacted unless
--public-ip-url (or TUNNELKEEPER_PUBLIC_IP_URL) names a "what is my IP" service.`;

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 600)
    throw new InvalidArgumentError('must be seconds between 0 and 600');
  return n;
}

async function findProfile(file: string, id: string): Promise<Profile> {
  try {
    // Read-only: diagnose never rewrites (migrates) the user's file.
    const { document } = await loadConfig(file, { persistMigration: false });
    const profile = document.profiles.find((p) => p.id === id);
    if (!profile) {
      const known = document.profiles.map((p) => p.id).join(', ') || 'none';
      throw new CliFailure(`no profile "${id}" in ${file} (profiles: ${known})`);
    }
    return profile;
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliFailure(error.message.split('\n')[0] ?? error.message);
    throw error;
  }
}

const MARK: Record<string, string> = { pass: 'OK  ', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

/** Top to bottom like the seeds' guides: each check with its evidence, then the cause and the steps. */
function humanReport(report: DiagnoseReport, profile: Profile, lang: Lang): string {
  const lines = [`${profile.name} (${profile.user}@${profile.host}:${profile.port})`, ''];
  for (const check of report.checks) {
    const title = translate(`check.${check.id}`, lang);
    lines.push(`[${MARK[check.status]}] ${check.id.padEnd(8)} ${title}`);
    // The evidence line in the chosen language (English: `detail` as is).
    const detail =
      lang === 'en' || !check.detailKey
        ? check.detail
        : renderMessage({ key: check.detailKey, params: check.detailParams }, lang);
    lines.push(`         ${detail}`);
  }
  lines.push('');
  if (report.cause === null) {
    lines.push(translate('cause.none', lang));
  } else {
    const heading = lang === 'ja' ? '原因' : 'Cause';
    lines.push(`${heading}: ${report.cause} — ${translate(`cause.${report.cause}`, lang)}`);
    const steps = renderAdvice(report.adviceKeys, lang);
    if (steps.length) {
      lines.push('', lang === 'ja' ? '対処:' : 'What to do:');
      steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

function jsonReport(report: DiagnoseReport, lang: Lang): string {
  return `${JSON.stringify({
    profile: report.profile,
    checks: report.checks.map((c) => ({
      id: c.id,
      status: c.status,
      detail: c.detail,
      // The same line as a catalogue key and parameters (nested messages for words and lists).
      ...(c.detailKey ? { detailKey: c.detailKey } : {}),
      ...(c.detailParams ? { detailParams: c.detailParams } : {}),
      ...(c.data ? { data: c.data } : {}),
    })),
    cause: report.cause,
    advice: renderAdvice(report.adviceKeys, lang),
    // As they have always been: plain string and number parameters (words in English).
    adviceKeys: report.adviceKeys.map(({ key, params }) =>
      params ? { key, params: plainParams(params, 'en') } : { key },
    ),
    lang,
    durationMs: report.durationMs,
  })}\n`;
}

async function diagnose(flags: DiagnoseFlags): Promise<void> {
  const profile = await findProfile(flags.config, flags.profile);
  const lang = flags.lang ?? detectLang(process.env);
  // The same defaults as `up`: its known_hosts (so both trust the same keys) and its logs.
  const dataDir = defaultDataDir();
  const report = await runDiagnostics(profile, {
    tcpTimeoutMs: flags.tcpTimeout ? flags.tcpTimeout * 1000 : undefined,
    totalTimeoutMs: flags.timeout ? flags.timeout * 1000 : undefined,
    publicIpUrl: flags.publicIpUrl ?? process.env.TUNNELKEEPER_PUBLIC_IP_URL,
    knownHostsFile: path.join(dataDir, 'known_hosts'),
    // The same headless passwords as `up`: env:NAME, else the user-only secrets file.
    resolveSecret: createSecretResolver(new FileSecretStore(path.join(dataDir, 'secrets.json'))),
  });
  process.stdout.write(flags.json ? jsonReport(report, lang) : humanReport(report, profile, lang));
  if (flags.bundle) {
    try {
      // The passphrase is never logged; scrubbing it anyway costs nothing.
      const file = profile.auth.passphraseFile;
      const secrets = file ? [await readSecretFile(file).catch(() => '')].filter(Boolean) : [];
      const tunnelLog = await readRecentLog(
        flags.logDir ?? path.join(dataDir, 'logs'),
        profile.id,
        secrets,
      );
      const bundle = buildBundle(report, profile, { tunnelLog, secrets });
      const written = await writeBundle(flags.bundle, bundle);
      if (!flags.json) process.stdout.write(`\nBundle: ${written}\n`);
    } catch (error) {
      throw new CliFailure(`cannot write the bundle ${flags.bundle}: ${(error as Error).message}`);
    }
  }
  if (report.cause !== null)
    throw new CliFailure(
      `diagnosis found a problem: ${report.cause} (${translate(`cause.${report.cause}`, 'en')})`,
    );
}

export const registerDiagnose: CommandRegistrar = (program: Command) => {
  program
    .command('diagnose')
    .description('run the troubleshooting checks for one profile and say what is wrong')
    .requiredOption('--config <file>', 'config JSON file')
    .requiredOption('--profile <id>', 'profile id')
    .option('--json', 'machine output on stdout')
    .addOption(
      new Option('--lang <lang>', 'language of the advice (default from LC_ALL/LANG)').choices([
        'ja',
        'en',
      ]),
    )
    .option('--bundle <file>', 'also write a support bundle (.zip, a folder, or .json)')
    .option('--log-dir <dir>', 'where `up` keeps its logs, for the bundle (default: data dir)')
    .option('--tcp-timeout <seconds>', 'TCP connect timeout (default 5)', seconds)
    .option('--timeout <seconds>', 'bound of the whole run (default 28)', seconds)
    .option(
      '--public-ip-url <url>',
      'service answering this site’s public IP (only contacted when given)',
    )
    .addHelpText('after', EXIT_HELP)
    .action((flags: DiagnoseFlags) => diagnose(flags));
};
