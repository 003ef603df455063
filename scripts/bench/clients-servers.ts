/**
 * The real servers of the client benchmark, all on 127.0.0.1 and in throw-away directories:
 * a PostgreSQL cluster (initdb + pg_ctl, as the `postgres` user when run as root), a
 * redis-server without persistence, and a plain HTTP server with one random file.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../tests/helpers/ports';
import { requireProgram } from './clients-peers';
import { spawnLogged, stop, waitForPort } from './processes';

export interface Postgres {
  port: number;
  user: string;
  database: string;
  stop(): void;
}

/** uid/gid of `postgres` when we are root (initdb refuses root), else nothing. */
function postgresAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line)
    throw new Error(
      'running as root but there is no `postgres` user: install `apt-get install -y postgresql`',
    );
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * initdb (trust auth, no fsync) in a temp dir, pg_ctl start on 127.0.0.1:<free port> with its
 * unix socket in the same dir, then `pgbench -i -s <scale>` into the `postgres` database.
 */
export async function startPostgres(scale: number): Promise<Postgres> {
  const initdb = requireProgram('initdb');
  const pgCtl = requireProgram('pg_ctl');
  const pgbench = requireProgram('pgbench');
  const account = postgresAccount();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-bench-pg-'));
  if (account) chownSync(dir, account.uid, account.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asOwner: ExecFileSyncOptions = {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', PGTZ: 'UTC' },
    ...(account ?? {}),
  };
  const run = (file: string, args: string[]) => {
    try {
      execFileSync(file, args, asOwner);
    } catch (error) {
      const e = error as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(
        `${path.basename(file)} ${args.join(' ')} failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
      );
    }
  };
  run(initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const serverOptions = [
    `-h 127.0.0.1`,
    `-p ${port}`,
    `-k ${dir}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=40',
    '-c shared_buffers=64MB',
  ].join(' ');
  run(pgCtl, ['-D', data, '-l', path.join(dir, 'log'), '-o', serverOptions, '-w', 'start']);
  const stopPg = () => {
    try {
      run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    execFileSync(
      pgbench,
      ['-i', '-q', '-s', String(scale), '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGDATABASE: 'postgres' } },
    );
  } catch (error) {
    stopPg();
    throw new Error(`pgbench -i failed: ${(error as { stderr?: Buffer }).stderr?.toString()}`);
  }
  return { port, user: 'postgres', database: 'postgres', stop: stopPg };
}

export interface Redis {
  port: number;
  stop(): Promise<void>;
}

/** redis-server on 127.0.0.1, no RDB, no AOF, working dir in a temp dir. */
export async function startRedis(): Promise<Redis> {
  const server = requireProgram('redis-server');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-bench-redis-'));
  const port = await freePort();
  const p = spawnLogged(server, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--protected-mode',
    'no',
    '--daemonize',
    'no',
  ]);
  await waitForPort(port, p.child);
  return {
    port,
    stop: async () => {
      await stop(p.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpFile {
  port: number;
  path: string;
  bytes: number;
  sha256: string;
  close(): void;
}

/** Serves `bytes` of random data at /<MiB>m (e.g. /64m) with a Content-Length. */
export async function startHttp(bytes: number): Promise<HttpFile> {
  const body = randomBytes(bytes);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const urlPath = `/${Math.round(bytes / 1024 / 1024)}m`;
  const server = http.createServer((req, res) => {
    if (req.url !== urlPath) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
    });
    res.end(body);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return { port, path: urlPath, bytes, sha256, close: () => server.close() };
}
