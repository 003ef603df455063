import { pathFor } from './locations';
import type { BootPlatform, BootSystem } from './types';

/**
 * Does this path lie in a folder an update replaces or a cache drops? Then a boot service must
 * not point into it: after the update the path is gone and the engine never starts again.
 * - a version in a folder name: Squirrel.Windows `app-1.2.3`, nvm `v20.19.0`, Homebrew's
 *   Cellar `node/20.19.0`, pnpm's store `tunnelkeeper@0.1.0`, an unpacked `tunnelkeeper-0.1.0`;
 * - npx's cache (`_npx/<hash>`) and an AppImage's mount (`/tmp/.mount_…`), gone after the run.
 */
export function looksVersioned(file: string): boolean {
  return file
    .split(/[\\/]+/)
    .some(
      (segment) =>
        /\d+\.\d+\.\d+/.test(segment) || segment === '_npx' || segment.startsWith('.mount_'),
    );
}

/** Where a package manager keeps a `node` that follows upgrades (a link to the current one). */
function stableNodeCandidates(platform: BootPlatform, env: NodeJS.ProcessEnv): string[] {
  switch (platform) {
    case 'windows':
      // nvm-windows links %ProgramFiles%\nodejs to the version in use; the installer puts it there.
      return [
        pathFor(platform).join(env.ProgramFiles ?? 'C:\\Program Files', 'nodejs', 'node.exe'),
      ];
    case 'macos':
      return ['/opt/homebrew/bin/node', '/usr/local/bin/node'];
    case 'linux':
      return ['/usr/local/bin/node', '/usr/bin/node'];
  }
}

export interface NodeChoice {
  path: string;
  note?: string;
}

/**
 * The node the service starts. process.execPath is the resolved binary, so Homebrew's node is
 * /opt/homebrew/Cellar/node/20.19.0/bin/node, removed by the next `brew upgrade`: when a stable
 * link to the very same binary exists, the service uses the link. Otherwise it keeps the path
 * and says so (copying node itself would freeze it and its security fixes).
 */
export async function chooseNode(
  nodePath: string,
  platform: BootPlatform,
  system: BootSystem,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NodeChoice> {
  if (!looksVersioned(nodePath)) return { path: nodePath };
  const real = await system.realpath(nodePath);
  for (const candidate of stableNodeCandidates(platform, env)) {
    if ((await system.exists(candidate)) && (await system.realpath(candidate)) === real)
      return { path: candidate };
  }
  return {
    path: nodePath,
    note: `node is ${nodePath}, in a versioned folder: when that version of node is removed the engine no longer starts; run \`tunnelkeeper engine install\` again after upgrading node`,
  };
}
