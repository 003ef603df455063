import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requirePeer } from './peers';
import { freePort, waitForBanner } from './ports';

export interface SshdOptions {
  /** Extra sshd_config lines (a test's server "personality"); they win over the defaults. */
  extraConfig?: string[];
  /** Extra authorized_keys lines besides the generated client key. */
  authorizedKeys?: string[];
  /** Reuse a port (e.g. to bring the "same" server back). */
  port?: number;
}

export interface SshdHandle {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly dir: string;
  /** Generated ed25519 client key, authorized on this server, no passphrase. */
  readonly clientKeyPath: string;
  /** OpenSSH form of the server's host key and its SHA256 fingerprint. */
  readonly hostPublicKey: string;
  readonly hostKeyFingerprint: string;
  /** Appends a line to authorized_keys (read by sshd on each login). */
  authorize(publicKeyLine: string): void;
  /** What sshd wrote to stderr (with -e), for assertions and failure messages. */
  log(): string;
  /** Graceful stop of the listener and of every session it forked. */
  stop(): Promise<void>;
  /** Kills listener and sessions at once, like a crashed or rebooted server. */
  kill(): Promise<void>;
  /** Starts sshd again on the same port with the same keys and config. */
  restart(): Promise<void>;
}

function fingerprintOf(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Every process below `root`. sshd's per-connection children call setsid(), so they leave the
 * listener's process group and a group signal never reaches them: walk /proc by parent pid.
 */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the ppid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

function generateKey(keygen: string, file: string): void {
  execFileSync(keygen, ['-q', '-t', 'ed25519', '-N', '', '-C', path.basename(file), '-f', file]);
}

/** Starts a real OpenSSH sshd on 127.0.0.1 with a throw-away config, keys and authorized_keys. */
export async function startSshd(options: SshdOptions = {}): Promise<SshdHandle> {
  const sshd = requirePeer('sshd');
  const keygen = requirePeer('ssh-keygen');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-sshd-'));
  const port = options.port ?? (await freePort());
  const user = os.userInfo().username;
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true }); // privilege separation

  const hostKey = path.join(dir, 'ssh_host_ed25519_key');
  const clientKeyPath = path.join(dir, 'client_ed25519');
  generateKey(keygen, hostKey);
  generateKey(keygen, clientKeyPath);
  const authorizedKeys = path.join(dir, 'authorized_keys');
  writeFileSync(
    authorizedKeys,
    [readFileSync(`${clientKeyPath}.pub`, 'utf8').trim(), ...(options.authorizedKeys ?? [])].join(
      '\n',
    ) + '\n',
  );
  // sshd keeps the first value it reads for a keyword, so a personality's lines go before the
  // defaults; Match blocks must come last (they run to the end of the file).
  const extra = options.extraConfig ?? [];
  const firstMatch = extra.findIndex((line) => /^\s*Match\s/i.test(line));
  const plainLines = firstMatch < 0 ? extra : extra.slice(0, firstMatch);
  const matchBlocks = firstMatch < 0 ? [] : extra.slice(firstMatch);
  const configPath = path.join(dir, 'sshd_config');
  writeFileSync(
    configPath,
    [
      ...plainLines,
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      'MaxStartups 200',
      'MaxSessions 100',
      'LogLevel VERBOSE',
      ...matchBlocks,
    ].join('\n') + '\n',
  );
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim();

  let child: ChildProcess | undefined;
  let stderr = '';

  async function launch(): Promise<void> {
    const proc = spawn(sshd, ['-D', '-e', '-f', configPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<never>((_, reject) =>
      proc.once('exit', (code) =>
        reject(new Error(`sshd exited with ${code} before listening:\n${stderr}`)),
      ),
    );
    exited.catch(() => undefined);
    child = proc;
    await Promise.race([waitForBanner(port, 'SSH-2.0-'), exited]);
  }

  /** Signals the listener and every session it forked (sessions first, so none is orphaned). */
  async function signalAll(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc?.pid || proc.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    for (const pid of [...descendantsOf(proc.pid), proc.pid]) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    await gone;
  }

  await launch();
  return {
    host: '127.0.0.1',
    port,
    user,
    dir,
    clientKeyPath,
    hostPublicKey,
    hostKeyFingerprint: fingerprintOf(hostPublicKey),
    authorize: (line) => writeFileSync(authorizedKeys, `${line.trim()}\n`, { flag: 'a' }),
    log: () => stderr,
    stop: async () => {
      await signalAll('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => signalAll('SIGKILL'),
    restart: async () => {
      await signalAll('SIGKILL');
      await launch();
    },
  };
}
