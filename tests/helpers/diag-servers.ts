import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ssh2';
import { ProfileSchema, type Profile, type ProfileInput } from '../../main/core/config/profile';
import { requirePeer } from './peers';
import type { SshdHandle } from './sshd';

/** Fault-making servers for the diagnosis tests, all on 127.0.0.1 (never a non-loopback address). */

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** A real HTTP server: it waits for a request, so it answers our SSH identification line. */
export function startHttpServer(body = 'hello'): Promise<Listening> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(body);
  });
  server.keepAliveTimeout = 100;
  return listen(server);
}

/** Accepts and resets at once: what a firewall or an allow-list that sends RST looks like. */
export function startResetServer(): Promise<Listening> {
  const server = net.createServer((socket) => socket.resetAndDestroy());
  return listen(server);
}

/** A plain TCP listener that accepts and stays open: a live license service or a held port. */
export function startTcpListener(): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return listen(server).then((l) => ({
    port: l.port,
    close: () => {
      for (const s of sockets) s.destroy();
      return l.close();
    },
  }));
}

/** A port nothing listens on (bound once, then released). */
export async function closedPort(): Promise<number> {
  const l = await listen(net.createServer());
  await l.close();
  return l.port;
}

/** A profile for the sshd, with the test's overrides (parsed, so defaults are filled in). */
export function sshdProfile(sshd: SshdHandle, overrides: Partial<ProfileInput> = {}): Profile {
  return ProfileSchema.parse({
    id: 'p',
    name: 'test',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { keyFile: sshd.clientKeyPath },
    hostKey: { pinned: [sshd.hostKeyFingerprint] },
    ...overrides,
  });
}

export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tk-diag-'));
}

/** A fresh ed25519 key made by ssh-keygen (optionally with a passphrase); returns its path. */
export function generateKey(dir: string, name: string, passphrase = ''): string {
  const file = path.join(dir, name);
  execFileSync(requirePeer('ssh-keygen'), [
    '-q',
    '-t',
    'ed25519',
    '-N',
    passphrase,
    '-C',
    name,
    '-f',
    file,
  ]);
  return file;
}

export function writeConfig(dir: string, profiles: Profile[]): string {
  const file = path.join(dir, 'config.json');
  writeFileSync(file, JSON.stringify({ version: 1, profiles }, null, 2));
  return file;
}

/**
 * Holds a remote port on the server with a real ssh2 session, as a stale session of ours or a
 * second tunnel to the same proxy would.
 */
export function holdRemotePort(sshd: SshdHandle, port: number): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.forwardIn('localhost', port, (error) => {
        if (error) reject(error);
        else resolve({ close: () => client.end() });
      });
    });
    client.on('tcp connection', (_info, _accept, rejectConn) => rejectConn());
    client.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: readFileSync(sshd.clientKeyPath),
    });
  });
}

/** A real OpenSSH agent on a private socket, empty until `add(keyFile)`. */
export async function startAgent(
  dir: string,
): Promise<{ socket: string; add(key: string): void; stop(): void }> {
  const socket = path.join(dir, `agent-${process.pid}-${Date.now()}.sock`);
  const agentBin = path.join(path.dirname(requirePeer('ssh-add')), 'ssh-agent');
  const child = spawn(agentBin, ['-D', '-a', socket], { stdio: 'ignore' });
  const deadline = Date.now() + 5_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline) throw new Error('ssh-agent did not create its socket');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    socket,
    add: (key) =>
      execFileSync(requirePeer('ssh-add'), ['-q', key], {
        env: { ...process.env, SSH_AUTH_SOCK: socket },
        stdio: 'ignore',
      }),
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}
