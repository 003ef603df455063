/**
 * `tunnelkeeper agent …`: the built-in agent (Pageant replacement) served headless.
 * `serve` holds the keys in its own memory and runs in the foreground until SIGINT/SIGTERM;
 * `list`/`add`/`remove` are clients that talk to a running agent over its socket with the
 * standard agent protocol (so they also work against ssh-agent or Pageant via --socket).
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { AgentClient } from '../../core/auth/agent/client';
import { unlockAtStart } from '../../core/auth/agent/startup';
import { Keyring, normaliseFingerprint } from '../../core/auth/agent/keyring';
import { serveAgent } from '../../core/auth/agent/server';
import { defaultServeSocket } from '../../core/auth/agent/socket-path';
import {
  KeyError,
  readKey,
  readPassphraseFile,
  requirePrivate,
  sha256Fingerprint,
} from '../../core/keys';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

const out = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

function seconds(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
}

async function asFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw new CliFailure((error as Error).message);
  }
}

interface ServeOptions {
  socket?: string;
  key?: string[];
  passphraseFile?: string[];
  idleLock?: number;
  json?: boolean;
}

async function serve(opts: ServeOptions): Promise<void> {
  const socket = opts.socket ?? defaultServeSocket();
  const keyring = new Keyring({ idleLockMs: opts.idleLock ? opts.idleLock * 60_000 : undefined });
  const keys = (opts.key ?? []).map((keyFile, i) => ({
    keyFile,
    passphraseFile: opts.passphraseFile?.[i],
  }));
  const results = await unlockAtStart(keyring, keys);
  const failed = results.filter((r) => !r.ok);
  for (const r of failed)
    if (!r.ok) process.stderr.write(`tunnelkeeper: cannot unlock ${r.keyFile}: ${r.message}\n`);
  if (failed.length) {
    keyring.close();
    throw new CliFailure(
      `${failed.length} key(s) could not be unlocked; the agent was not started`,
    );
  }
  const log = (event: Record<string, unknown>) => {
    if (opts.json) out({ ts: new Date().toISOString(), ...event });
  };
  const served = await asFailure(() =>
    serveAgent(keyring, socket, (e) => log({ type: 'request', request: e })),
  );
  if (opts.json) log({ type: 'listening', socket, keys: keyring.list() });
  else {
    process.stdout.write(`SSH_AUTH_SOCK=${socket}; export SSH_AUTH_SOCK;\n`);
    process.stderr.write(
      `tunnelkeeper: agent listening on ${socket} with ${keyring.list().length} key(s); Ctrl+C to stop\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await served.close();
  keyring.close(); // forget every key: they lived in this process only
  log({ type: 'stopped' });
}

interface ClientOptions {
  socket?: string;
  json?: boolean;
}

const clientOf = (opts: ClientOptions) => new AgentClient(opts.socket ?? defaultServeSocket());

async function list(opts: ClientOptions): Promise<void> {
  const ids = await asFailure(() => clientOf(opts).list());
  if (opts.json)
    return out(
      ids.map(({ keyType, comment, fingerprint, blob }) => ({
        keyType,
        comment,
        fingerprint,
        publicKey: `${keyType} ${blob.toString('base64')}`,
      })),
    );
  if (!ids.length) process.stdout.write('the agent holds no keys\n');
  for (const id of ids) process.stdout.write(`${id.fingerprint} ${id.keyType} ${id.comment}\n`);
}

async function add(
  keyFile: string,
  opts: ClientOptions & { passphraseFile?: string; lifetime?: number },
): Promise<void> {
  const key = await asFailure(async () => {
    const passphrase = opts.passphraseFile
      ? await readPassphraseFile(opts.passphraseFile)
      : undefined;
    try {
      return requirePrivate(await readKey(await readFile(keyFile), { passphrase }));
    } catch (error) {
      if (error instanceof KeyError && error.code === 'key-locked')
        throw new CliFailure(
          `${keyFile}: the key is encrypted: give its passphrase with --passphrase-file`,
        );
      throw error;
    }
  });
  const client = clientOf(opts);
  await asFailure(() => client.add(key, opts.lifetime));
  const fingerprint = sha256Fingerprint(key.blob);
  if (opts.json)
    out({
      added: true,
      fingerprint,
      keyType: key.type,
      comment: key.comment,
      socket: client.socket,
    });
  else process.stdout.write(`added ${fingerprint} ${key.type} ${key.comment}\n`);
}

async function remove(
  fingerprint: string | undefined,
  opts: ClientOptions & { all?: boolean },
): Promise<void> {
  const client = clientOf(opts);
  if (opts.all) {
    await asFailure(() => client.removeAll());
    if (opts.json) out({ removed: 'all' });
    else process.stdout.write('removed all keys\n');
    return;
  }
  if (!fingerprint)
    throw new CliFailure('give a fingerprint (see `tunnelkeeper agent list`) or --all');
  const wanted = normaliseFingerprint(fingerprint);
  const ids = await asFailure(() => client.list());
  const id = ids.find((i) => i.fingerprint === wanted);
  if (!id) throw new CliFailure(`the agent holds no key ${wanted}`);
  await asFailure(() => client.remove(id.blob));
  if (opts.json) out({ removed: wanted });
  else process.stdout.write(`removed ${wanted}\n`);
}

export const registerAgent: CommandRegistrar = (program) => {
  const agent = program
    .command('agent')
    .description(
      'the built-in SSH agent: serve unlocked keys to ssh, git and scp (off by default)',
    );
  const socketOpt = (cmd: Command) =>
    cmd
      .option('--socket <path>', 'agent socket or pipe (default: Tunnelkeeper’s own)')
      .option('--json', 'machine-readable output');

  socketOpt(
    agent
      .command('serve')
      .description(
        'run the agent in the foreground until Ctrl+C / SIGTERM; keys live in its memory only',
      )
      .option('--key <file>', 'unlock this key at start (repeatable)', collect)
      .option(
        '--passphrase-file <file>',
        'passphrase of the --key at the same position (repeatable)',
        collect,
      )
      .option('--idle-lock <minutes>', 'drop unlocked keys after this long unused', seconds),
  ).action(serve);
  socketOpt(agent.command('list').description('list the keys a running agent holds')).action(list);
  socketOpt(
    agent
      .command('add')
      .description('unlock a key file and add it to a running agent')
      .argument('<keyfile>')
      .option('--passphrase-file <file>', 'file whose first line is the passphrase')
      .option('--lifetime <seconds>', 'forget the key after this long', seconds),
  ).action(add);
  socketOpt(
    agent
      .command('remove')
      .description('remove a key (by SHA256 fingerprint) from a running agent')
      .argument('[fingerprint]')
      .option('--all', 'remove every key'),
  ).action(remove);
};
