import { builtinModules } from 'node:module';
import path from 'node:path';
import { BootError, type BootSystem } from './types';

/**
 * The CLI bundle (out/cli/tunnelkeeper.cjs, scripts/build-cli.mjs) is one file for our own code
 * and most packages, but some stay outside it: ssh2's native binding and cpu-features, and the
 * packages it loads late (nodemailer, prom-client). A copy of the bundle alone would fail on its
 * first `require` of one, so the copy takes the packages it requires with it, found the way
 * Node finds them, into `<stable>/node_modules`.
 */
export interface CopyEntry {
  from: string;
  to: string;
}

const BUILTINS = new Set(builtinModules);

/** The npm packages a bundle requires: `require("x")` / `import("x")` of a bare name. */
export function requiredPackages(bundleText: string): string[] {
  const names = new Set<string>();
  for (const match of bundleText.matchAll(
    /\b(?:require|import)\(\s*["']([^"'.\\/][^"']*)["']\s*\)/g,
  )) {
    const specifier = match[1] as string;
    if (specifier.startsWith('node:')) continue;
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
    if (!BUILTINS.has(name)) names.add(name);
  }
  return [...names].sort();
}

/** Node's lookup: `<dir>/node_modules/<name>` from `fromDir` up to the root. */
async function findPackage(
  name: string,
  fromDir: string,
  system: BootSystem,
): Promise<string | undefined> {
  let dir = fromDir;
  for (;;) {
    if (path.basename(dir) !== 'node_modules') {
      const candidate = path.join(dir, 'node_modules', name);
      if (await system.exists(path.join(candidate, 'package.json')))
        return system.realpath(candidate);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface PackageJson {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const inside = (child: string, parent: string): boolean =>
  child !== parent && child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * What to copy for the bundle to run from `stableDir`: the bundle (as tunnelkeeper.cjs), its
 * source map, and each package folder its requires reach (dependencies and the optional ones
 * that are installed, recursively). A package nested in another's node_modules comes with it;
 * the others go flat into `<stableDir>/node_modules`, where Node finds them from the bundle.
 */
export async function planBundleCopy(
  bundlePath: string,
  stableDir: string,
  system: BootSystem,
  target: path.PlatformPath = path,
): Promise<CopyEntry[]> {
  const bundleText = await system.readFile(bundlePath);
  const found = new Map<string, string>(); // package folder → name
  const visit = async (name: string, fromDir: string, optional: boolean): Promise<void> => {
    const dir = await findPackage(name, fromDir, system);
    if (!dir) {
      if (optional) return;
      throw new BootError(
        `cannot copy the CLI: the package "${name}" it needs is not found from ${fromDir}`,
      );
    }
    if (found.has(dir)) return;
    found.set(dir, name);
    const pkg = JSON.parse(await system.readFile(path.join(dir, 'package.json'))) as PackageJson;
    for (const dep of Object.keys(pkg.dependencies ?? {})) await visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) await visit(dep, dir, true);
  };
  for (const name of requiredPackages(bundleText))
    await visit(name, path.dirname(bundlePath), false);

  const entries: CopyEntry[] = [
    { from: bundlePath, to: target.join(stableDir, 'tunnelkeeper.cjs') },
  ];
  if (await system.exists(`${bundlePath}.map`))
    entries.push({ from: `${bundlePath}.map`, to: target.join(stableDir, 'tunnelkeeper.cjs.map') });
  const destinations = new Map<string, string>();
  for (const [dir, name] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    if ([...found.keys()].some((other) => inside(dir, other))) continue; // copied with its parent
    const earlier = destinations.get(name);
    if (earlier)
      throw new BootError(
        `cannot copy the CLI: two copies of the package "${name}" (${earlier} and ${dir}) would land in one folder`,
      );
    destinations.set(name, dir);
    entries.push({ from: dir, to: target.join(stableDir, 'node_modules', ...name.split('/')) });
  }
  return entries;
}
