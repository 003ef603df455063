import path from 'node:path';
import { planBundleCopy, type CopyEntry } from './bundle-copy';
import { pathFor } from './locations';
import type { BootPlatform, BootSystem, EngineServiceSpec, ServiceCommand } from './types';
import { chooseNode, looksVersioned } from './versioned';

/**
 * How the service starts the engine: `node --single-threaded-gc <bundle> engine run [--config C]`.
 * A service calls node itself, so it carries the flag bin/tunnelkeeper.cjs's shebang gives
 * (single-threaded GC, measured faster for tunnels).
 */
export const NODE_FLAGS = ['--single-threaded-gc'] as const;

export interface EngineCommandInput {
  platform: BootPlatform;
  /** The node that runs this CLI (process.execPath). */
  nodePath: string;
  /** The CLI bundle this process runs (out/cli/tunnelkeeper.cjs). */
  bundlePath: string;
  /** Absolute, or undefined for the engine's own default. */
  configPath?: string;
  user?: string;
  /** Where a versioned bundle is copied to (BootLocations.stableDir). */
  stableDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface EngineCommand {
  spec: EngineServiceSpec;
  /** Files and folders to copy to the stable folder first ([] when the bundle stays put). */
  copy: CopyEntry[];
  notes: string[];
}

/**
 * The bundle is where `npm install`, an installer or npx put it. When that path looks versioned
 * (versioned.ts) an update removes it, so the service runs a copy in the stable per-machine
 * folder instead; `engine install` makes the copy, and after an update the engine keeps running
 * the copied version until `engine install` is run again. An unversioned path (a global npm
 * install, a checkout) is used in place and follows in-place updates.
 */
export async function engineCommand(
  input: EngineCommandInput,
  system: BootSystem,
): Promise<EngineCommand> {
  const target = pathFor(input.platform);
  const notes: string[] = [];
  const node = await chooseNode(input.nodePath, input.platform, system, input.env);
  if (node.note) notes.push(node.note);

  const bundleInStable = inside(input.bundlePath, input.stableDir);
  let bundle = input.bundlePath;
  let copy: CopyEntry[] = [];
  if (looksVersioned(input.bundlePath) && !bundleInStable) {
    copy = await planBundleCopy(input.bundlePath, input.stableDir, system, target);
    bundle = target.join(input.stableDir, 'tunnelkeeper.cjs');
    notes.push(
      `${input.bundlePath} is in a versioned folder that an update removes: the service runs a copy in ${input.stableDir} (run \`tunnelkeeper engine install\` again after an update to run the new version)`,
    );
  }
  const argv = [node.path, ...NODE_FLAGS, bundle, 'engine', 'run'];
  if (input.configPath) argv.push('--config', input.configPath);
  const spec: EngineServiceSpec = {
    argv,
    ...(input.user ? { user: input.user } : {}),
    workingDirectory: input.configPath ? target.dirname(input.configPath) : target.dirname(bundle),
    ...(input.configPath ? { configPath: input.configPath } : {}),
  };
  return { spec, copy, notes };
}

export interface ExplicitCommandInput {
  platform: BootPlatform;
  command: ServiceCommand;
  /** Absolute; already among the command's arguments (the description and the folder only). */
  configPath?: string;
  user?: string;
}

/**
 * A service that runs a given program (the desktop app's binary as the engine): used as it is,
 * never copied — an installer that updates in place (NSIS' per-user
 * %LOCALAPPDATA%\Programs\Tunnelkeeper\Tunnelkeeper.exe, /Applications/Tunnelkeeper.app, a
 * .deb's /opt/Tunnelkeeper) keeps the path. One in a versioned folder (Squirrel's `app-1.2.3`)
 * is gone after the next update, and the note says so.
 */
export function explicitCommand(input: ExplicitCommandInput): EngineCommand {
  const target = pathFor(input.platform);
  const { program, args } = input.command;
  const notes = looksVersioned(program)
    ? [
        `${program} is in a versioned folder that an update removes: after an update the engine no longer starts at boot until the boot service is installed again from the new version`,
      ]
    : [];
  const spec: EngineServiceSpec = {
    argv: [program, ...args],
    ...(input.user ? { user: input.user } : {}),
    workingDirectory: input.configPath ? target.dirname(input.configPath) : target.dirname(program),
    ...(input.configPath ? { configPath: input.configPath } : {}),
  };
  return { spec, copy: [], notes };
}

/** Is `file` below `dir` (this machine's paths)? */
export function inside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * The bundle behind the script Node was started with: bin/tunnelkeeper.cjs (npm's bin link,
 * followed) loads ../out/cli/tunnelkeeper.cjs; `node out/cli/tunnelkeeper.cjs` is the bundle.
 */
export async function cliBundleFromScript(script: string, system: BootSystem): Promise<string> {
  const real = await system.realpath(path.resolve(script));
  if (path.basename(path.dirname(real)) === 'bin') {
    const bundle = path.join(path.dirname(real), '..', 'out', 'cli', 'tunnelkeeper.cjs');
    if (await system.exists(bundle)) return bundle;
  }
  return real;
}
