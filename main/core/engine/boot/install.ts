import { engineCommand, explicitCommand, inside, type EngineCommand } from './engine-command';
import {
  findLegacyServices,
  parseScheduledTasks,
  sameTask,
  SCHTASKS_QUERY,
  type ScheduledTask,
} from './legacy';
import { launchdPlist } from './launchd-plist';
import { defaultLocations } from './locations';
import { executePlan, type BootPlan, type BootStep, type ExecuteOptions } from './plan';
import { systemdUnit } from './systemd-unit';
import {
  BootError,
  type BootLocations,
  type BootPlatform,
  type BootSystem,
  type EngineServiceSpec,
  type ServiceCommand,
} from './types';
import { encodeTaskXml, schtasksCreateArgs, taskXml } from './windows-task';

export interface BootRequest {
  /** The OS to write the definition for (`--platform`, default: this one). */
  platform: BootPlatform;
  dryRun: boolean;
  /** Absolute config path for `engine run --config`; undefined: the engine's default. */
  configPath?: string;
  /** The account that runs the engine; undefined: root / SYSTEM. */
  user?: string;
  /** process.execPath of this CLI (with bundlePath, unless `command` is given). */
  nodePath?: string;
  /** The CLI bundle this process runs. */
  bundlePath?: string;
  /**
   * What the service runs instead of node and the CLI bundle: the desktop app's own binary as
   * the engine. Used in place (no copy to the stable folder); its arguments carry `--config`.
   */
  command?: ServiceCommand;
  env?: NodeJS.ProcessEnv;
  /** Other names and folders (tests). */
  locations?: Partial<BootLocations>;
}

const RIGHTS: Record<BootPlatform, string> = {
  windows:
    'administrator rights on Windows: run it from an elevated prompt ("Run as administrator")',
  linux: 'root on Linux: run it with sudo',
  macos: 'root on macOS: run it with sudo',
};

/** Before changing anything: the right machine, and the rights to change its boot services. */
async function assertCanChange(
  request: BootRequest,
  system: BootSystem,
  action: 'installing' | 'removing',
): Promise<void> {
  if (request.dryRun) return;
  if (system.platform !== request.platform)
    throw new BootError(
      `this machine is not ${request.platform}: a ${request.platform} boot service can only be shown here (add --dry-run)`,
    );
  if (!(await system.isPrivileged()))
    throw new BootError(`${action} the engine's boot service needs ${RIGHTS[request.platform]}`);
}

/** The file the service runs from: a copy in the stable folder is this one or stale. */
function runsFrom(request: BootRequest): string | undefined {
  return request.command?.program ?? request.bundlePath;
}

const runsInside = (request: BootRequest, dir: string): boolean => {
  const file = runsFrom(request);
  return file !== undefined && inside(file, dir);
};

async function serviceCommand(
  request: BootRequest,
  locations: BootLocations,
  system: BootSystem,
): Promise<EngineCommand> {
  const { platform } = request;
  const common = {
    platform,
    ...(request.configPath ? { configPath: request.configPath } : {}),
    ...(request.user ? { user: request.user } : {}),
  };
  if (request.command) return explicitCommand({ ...common, command: request.command });
  if (!request.nodePath || !request.bundlePath)
    throw new BootError('the boot service needs a command, or node and the CLI bundle to run');
  return engineCommand(
    {
      ...common,
      nodePath: request.nodePath,
      bundlePath: request.bundlePath,
      stableDir: locations.stableDir,
      ...(request.env ? { env: request.env } : {}),
    },
    system,
  );
}

function locationsOf(request: BootRequest): BootLocations {
  return { ...defaultLocations(request.platform, request.env), ...request.locations };
}

/** What this machine has now; nothing is looked at when planning for another OS. */
interface Observed {
  look: boolean;
  tasks: ScheduledTask[];
  installed: boolean;
  stableDirExists: boolean;
  notes: string[];
}

async function observe(
  request: BootRequest,
  locations: BootLocations,
  system: BootSystem,
): Promise<Observed> {
  if (system.platform !== request.platform)
    return {
      look: false,
      tasks: [],
      installed: false,
      stableDirExists: false,
      notes: [
        `planned for ${request.platform} on another OS: what that machine has installed is not looked at, and the paths of this machine's node and CLI are shown`,
      ],
    };
  const notes: string[] = [];
  let tasks: ScheduledTask[] = [];
  if (request.platform === 'windows') {
    const listed = await system.run('schtasks', [...SCHTASKS_QUERY]);
    if (listed.code === 0) tasks = parseScheduledTasks(listed.stdout);
    else
      notes.push(
        `could not list the scheduled tasks (schtasks exit ${listed.code}): tasks written by an earlier \`tunnelkeeper export\` were not looked for`,
      );
  }
  const installed =
    request.platform === 'windows'
      ? tasks.some((task) => sameTask(task.name, locations.service))
      : await system.exists(locations.definitionFile);
  return {
    look: true,
    tasks,
    installed,
    stableDirExists: await system.exists(locations.stableDir),
    notes,
  };
}

const run = (command: string, args: string[], extra: Partial<BootStep> = {}): BootStep =>
  ({ kind: 'run', command, args, ...extra }) as BootStep;

/** Stops the platform's service by name, tolerating one that is not running. */
function stopSteps(platform: BootPlatform, name: string): BootStep[] {
  switch (platform) {
    case 'windows':
      return [run('schtasks', ['/End', '/TN', name], { tolerateFailure: true })];
    case 'linux':
      return [run('systemctl', ['stop', name], { tolerateFailure: true })];
    case 'macos':
      return [run('launchctl', ['bootout', `system/${name}`], { tolerateFailure: true })];
  }
}

/** Stops a service and removes its definition for good. */
function removeSteps(platform: BootPlatform, name: string, file?: string): BootStep[] {
  switch (platform) {
    case 'windows':
      return [...stopSteps(platform, name), run('schtasks', ['/Delete', '/TN', name, '/F'])];
    case 'linux':
      return [
        run('systemctl', ['disable', '--now', name], { tolerateFailure: true }),
        ...(file ? [{ kind: 'remove', path: file } as const] : []),
      ];
    case 'macos':
      return [
        ...stopSteps(platform, name),
        ...(file ? [{ kind: 'remove', path: file } as const] : []),
      ];
  }
}

function definitionStep(
  platform: BootPlatform,
  spec: EngineServiceSpec,
  locations: BootLocations,
): BootStep {
  switch (platform) {
    case 'windows': {
      const text = taskXml(spec);
      return {
        kind: 'write',
        file: locations.definitionFile,
        text,
        bytes: encodeTaskXml(text),
        encoding: 'UTF-16 LE with BOM',
      };
    }
    case 'linux':
      return {
        kind: 'write',
        file: locations.definitionFile,
        text: systemdUnit(spec),
        encoding: 'UTF-8',
        mode: 0o644,
      };
    case 'macos':
      return {
        kind: 'write',
        file: locations.definitionFile,
        text: launchdPlist(spec, locations.service),
        encoding: 'UTF-8',
        // launchd refuses a plist that is group- or world-writable.
        mode: 0o644,
      };
  }
}

/**
 * Windows only, right after the XML created the stable folder and before anything is copied
 * into it (what is copied then inherits it): %ProgramData% lets every user add files to the
 * folders below it, and the engine may run as SYSTEM from this folder, so a file a user slipped
 * in (Node tries `x` before `x.js`) would run as SYSTEM. Only SYSTEM and Administrators write
 * here; Users read and run (an engine installed with --user runs as one).
 */
function protectSteps(platform: BootPlatform, locations: BootLocations): BootStep[] {
  if (platform !== 'windows') return [];
  return [
    run('icacls', [
      locations.stableDir,
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-18:(OI)(CI)F',
      '*S-1-5-32-544:(OI)(CI)F',
      '*S-1-5-32-545:(OI)(CI)RX',
      '/Q',
    ]),
  ];
}

function registerSteps(
  platform: BootPlatform,
  locations: BootLocations,
  user: string | undefined,
): BootStep[] {
  switch (platform) {
    case 'windows':
      return [
        run('schtasks', schtasksCreateArgs(locations.service, locations.definitionFile, user)),
        run('schtasks', ['/Run', '/TN', locations.service]),
      ];
    case 'linux':
      return [
        run('systemctl', ['daemon-reload']),
        run('systemctl', ['enable', '--now', locations.service]),
      ];
    case 'macos':
      return [run('launchctl', ['bootstrap', 'system', locations.definitionFile], { attempts: 3 })];
  }
}

export async function planInstall(request: BootRequest, system: BootSystem): Promise<BootPlan> {
  const { platform } = request;
  const locations = locationsOf(request);
  const seen = await observe(request, locations, system);
  const command = await serviceCommand(request, locations, system);
  const notes = [...seen.notes, ...command.notes];
  const steps: BootStep[] = [];

  const legacy = await findLegacyServices(platform, locations, system, seen.tasks);
  for (const old of legacy) {
    notes.push(
      `${old.name} was written by an earlier \`tunnelkeeper export\`: it runs \`tunnelkeeper up\` for one profile and would run beside the engine, so it is stopped and removed`,
    );
    steps.push(...removeSteps(platform, old.name, old.file));
  }
  if (seen.installed) {
    notes.push(
      `the engine's boot service ${locations.service} is already installed: it is stopped and replaced`,
    );
    steps.push(...stopSteps(platform, locations.service));
  }
  if (seen.stableDirExists && !runsInside(request, locations.stableDir))
    steps.push({ kind: 'remove', path: locations.stableDir });
  steps.push(definitionStep(platform, command.spec, locations));
  steps.push(...protectSteps(platform, locations));
  steps.push(...command.copy.map((entry): BootStep => ({ kind: 'copy', ...entry })));
  steps.push(...registerSteps(platform, locations, request.user));

  if (!request.configPath)
    notes.push(
      `no --config: the engine reads the default config of the account that runs it (${request.user ?? (platform === 'windows' ? 'SYSTEM' : 'root')})`,
    );
  if (request.user && platform === 'windows')
    notes.push(
      `${request.user} runs the engine with an S4U logon (no password stored): no network shares and no EFS-encrypted files, so keep the config and the key files on a local disk, unencrypted`,
    );
  return { steps, notes };
}

export async function planUninstall(request: BootRequest, system: BootSystem): Promise<BootPlan> {
  const { platform } = request;
  const locations = locationsOf(request);
  const seen = await observe(request, locations, system);
  const notes = [...seen.notes];
  const steps: BootStep[] = [];
  if (seen.installed || !seen.look) {
    steps.push(
      ...removeSteps(
        platform,
        locations.service,
        platform === 'windows' ? undefined : locations.definitionFile,
      ),
    );
    if (platform === 'linux') steps.push(run('systemctl', ['daemon-reload']));
  }
  if (seen.stableDirExists || !seen.look) {
    if (runsInside(request, locations.stableDir))
      notes.push(`${locations.stableDir} is kept: this CLI runs from it`);
    else steps.push({ kind: 'remove', path: locations.stableDir });
  }
  if (steps.length === 0) notes.push("the engine's boot service is not installed: nothing to do");
  return { steps, notes };
}

export interface BootHooks extends ExecuteOptions {
  /** Told the plan before anything is done (the CLI prints the notes). */
  onPlan?: (plan: BootPlan) => void;
}

/** `engine install`: checks, plans, and (unless a dry run) carries the plan out. */
export async function installEngine(
  request: BootRequest,
  system: BootSystem,
  hooks: BootHooks = {},
): Promise<BootPlan> {
  await assertCanChange(request, system, 'installing');
  const plan = await planInstall(request, system);
  hooks.onPlan?.(plan);
  if (!request.dryRun) await executePlan(plan, system, hooks);
  return plan;
}

/** `engine uninstall`: the same for removing it. */
export async function uninstallEngine(
  request: BootRequest,
  system: BootSystem,
  hooks: BootHooks = {},
): Promise<BootPlan> {
  await assertCanChange(request, system, 'removing');
  const plan = await planUninstall(request, system);
  hooks.onPlan?.(plan);
  if (!request.dryRun) await executePlan(plan, system, hooks);
  return plan;
}
