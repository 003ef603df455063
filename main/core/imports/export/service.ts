import type { Profile } from '../../config/profile';
import {
  defaultLocations,
  engineCommand,
  launchdPlist,
  systemdUnit,
  taskXml,
  type BootPlatform,
  type BootSystem,
} from '../../engine/boot';
import { oneLine } from './quote';
import type { ExportResult, ServiceTarget } from './types';

/**
 * `export --to systemd|task-scheduler|launchd`: the boot service of the engine, the very
 * definition `tunnelkeeper engine install` writes (main/core/engine/boot), on stdout. One engine
 * runs every profile of the config whose `autostart` is true: a service per profile running
 * `tunnelkeeper up --profile ID` (what this export wrote before the engine) would open a second
 * session beside the engine's. `engine install` replaces such old services.
 */
export interface ServiceOptions {
  /** Absolute config path the engine reads. */
  configPath: string;
  /** The config's profiles: the engine starts those with autostart. */
  profiles: readonly Profile[];
  /** A profile the admin named (`--profile`): said when the engine will not start it. */
  profileId?: string;
  /** The node that runs the CLI (process.execPath). */
  nodePath: string;
  /** The CLI bundle (out/cli/tunnelkeeper.cjs). */
  bundlePath: string;
  /** The account that runs it (the key files are that account's); none: root / SYSTEM. */
  user?: string;
  env?: NodeJS.ProcessEnv;
}

const PLATFORM: Record<ServiceTarget, BootPlatform> = {
  systemd: 'linux',
  'task-scheduler': 'windows',
  launchd: 'macos',
};

export async function exportService(
  target: ServiceTarget,
  options: ServiceOptions,
  system: BootSystem,
): Promise<ExportResult> {
  const platform = PLATFORM[target];
  const locations = defaultLocations(platform, options.env);
  const command = await engineCommand(
    {
      platform,
      nodePath: options.nodePath,
      bundlePath: options.bundlePath,
      configPath: options.configPath,
      stableDir: locations.stableDir,
      ...(options.user && options.user !== 'root' ? { user: options.user } : {}),
      ...(options.env ? { env: options.env } : {}),
    },
    system,
  );
  const text =
    target === 'systemd'
      ? systemdUnit(command.spec)
      : target === 'launchd'
        ? launchdPlist(command.spec, locations.service)
        : taskXml(command.spec);
  const notes = [...command.notes];
  if (command.copy.length > 0)
    notes.push(
      `the definition runs the copy in ${locations.stableDir}, which \`tunnelkeeper engine install\` makes`,
    );
  notes.push(...autostartNotes(options));
  notes.push(installNote(target, locations.service, locations.definitionFile, command.spec.user));
  return { text, notes };
}

function autostartNotes(options: ServiceOptions): string[] {
  const started = options.profiles.filter((p) => p.autostart);
  const notes = [
    started.length > 0
      ? `the engine starts the profiles with autostart: ${started.map((p) => p.id).join(', ')}`
      : `no profile of ${options.configPath} has autostart: true, so the engine starts none at boot`,
  ];
  const named = options.profiles.find((p) => p.id === options.profileId);
  if (named && !named.autostart)
    notes.push(
      `profile ${named.id} (${oneLine(named.name)}) has autostart: false: set it to true for the engine to start it at boot`,
    );
  return notes;
}

function installNote(
  target: ServiceTarget,
  service: string,
  file: string,
  user: string | undefined,
): string {
  const install =
    '`tunnelkeeper engine install` installs it (and replaces services of earlier exports)';
  switch (target) {
    case 'systemd':
      return `${install}; by hand: save it as ${file}, then systemctl daemon-reload && systemctl enable --now ${service}`;
    case 'launchd':
      return `${install}; by hand: save it as ${file}, then sudo launchctl bootstrap system ${file}`;
    case 'task-scheduler':
      return `${install}; by hand, save it as UTF-16 (what PowerShell 5's > writes) and, from an elevated prompt: schtasks /Create /TN ${service} /XML <file> ${user ? '' : '/RU SYSTEM '}/F (${user ? `${user} runs it with an S4U logon: "whether the user is logged on or not", no password stored` : 'SYSTEM runs it'})`;
  }
}
