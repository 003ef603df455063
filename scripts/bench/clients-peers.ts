/**
 * The real programs the client benchmark drives. A missing one stops the run with the Debian
 * package that provides it (a benchmark that quietly leaves a client out compares nothing).
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import path from 'node:path';

const PROGRAMS = {
  pgbench: 'postgresql-contrib',
  'redis-server': 'redis-server',
  'redis-benchmark': 'redis-tools',
  curl: 'curl',
  ssh: 'openssh-client',
  plink: 'putty-tools',
  puttygen: 'putty-tools',
} as const;

export type Program = keyof typeof PROGRAMS | 'initdb' | 'pg_ctl';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter))
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

/** The newest /usr/lib/postgresql/<version>/bin holding initdb (Debian keeps it off PATH). */
function postgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  } catch {
    return undefined;
  }
  for (const v of versions)
    if (executable(path.join(base, v, 'bin', 'initdb'))) return path.join(base, v, 'bin');
  return undefined;
}

const missing = (name: string, pkg: string) =>
  new Error(
    `the client benchmark needs "${name}": install it with \`apt-get install -y ${pkg}\` (run as root)`,
  );

/** The program's path, or an error naming the package to install. */
export function requireProgram(name: Program): string {
  if (name === 'initdb' || name === 'pg_ctl') {
    const bin = postgresBin();
    if (bin && executable(path.join(bin, name))) return path.join(bin, name);
    throw missing(`${name} (/usr/lib/postgresql/*/bin/${name})`, 'postgresql');
  }
  // pgbench: Debian puts a wrapper on PATH (postgresql-client-common) and the binary next to
  // initdb; either will do.
  const found =
    onPath(name) ??
    (name === 'pgbench' && postgresBin() && executable(path.join(postgresBin()!, 'pgbench'))
      ? path.join(postgresBin()!, 'pgbench')
      : undefined);
  if (found) return found;
  throw missing(name, PROGRAMS[name]);
}

/** Checks every program up front, so that a missing one fails in the first second. */
export function requireAll(): Record<Program, string> {
  const names: Program[] = ['initdb', 'pg_ctl', ...(Object.keys(PROGRAMS) as Program[])];
  const errors: string[] = [];
  const found = {} as Record<Program, string>;
  for (const n of names) {
    try {
      found[n] = requireProgram(n);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  if (errors.length) throw new Error(errors.join('\n'));
  return found;
}
