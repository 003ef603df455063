/**
 * `tunnelkeeper hostkeys …`: the host-key trust store (an OpenSSH known_hosts file, by default
 * Tunnelkeeper's own, the one `up` reads) — list, trust (with an explicit confirmation), pin,
 * import (known_hosts or PuTTY .reg), forget.
 */
import { Option, type Command } from 'commander';
import {
  sha256Fingerprint,
  md5Fingerprint,
  fingerprintMatches,
  keyTypeOf,
} from '../../core/auth/fingerprint';
import { fetchHostKey } from '../../core/auth/trust/fetch';
import { importHostKeys } from '../../core/auth/trust/import';
import { parseHostPort } from '../../core/auth/trust/known-hosts-file';
import { defaultKnownHostsFile, TrustStore } from '../../core/auth/trust/store';
import { hostKeyChangedWarning } from '../../core/auth/trust/warning';
import { CliFailure } from '../errors';
import type { CommandRegistrar } from '../program';

interface Common {
  knownHosts?: string;
  json?: boolean;
}

const FINGERPRINT = /^(SHA256:[A-Za-z0-9+/]{43}=?|(MD5:)?([0-9a-f]{2}:){15}[0-9a-f]{2})$/i;

const storeOf = (opts: Common) => new TrustStore(opts.knownHosts ?? defaultKnownHostsFile());
const out = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    throw new CliFailure((error as Error).message);
  }
}

async function list(target: string | undefined, opts: Common): Promise<void> {
  const store = storeOf(opts);
  const filter = target ? parseHostPort(target) : undefined;
  const entries = await guarded(() => store.list(filter));
  const pins = await guarded(() => store.pins());
  if (opts.json) return out({ knownHostsFile: store.knownHostsFile, entries, pins });
  for (const e of entries)
    process.stdout.write(
      `${e.marker ? `${e.marker} ` : ''}${e.host ?? '(hashed)'} ${e.keyType} ${e.fingerprint}\n`,
    );
  for (const [host, fps] of Object.entries(pins))
    for (const fp of fps) process.stdout.write(`${host} pinned ${fp}\n`);
  if (!entries.length && !Object.keys(pins).length)
    process.stdout.write(`no trusted host keys in ${store.knownHostsFile}\n`);
}

async function trust(
  target: string,
  opts: Common & { fingerprint?: string; hash?: boolean; timeout: string },
): Promise<void> {
  const { host, port } = parseHostPort(target);
  const store = storeOf(opts);
  const blob = await guarded(() => fetchHostKey(host, port, Number(opts.timeout) * 1000));
  const presented = {
    host,
    port,
    keyType: keyTypeOf(blob),
    fingerprint: sha256Fingerprint(blob),
    fingerprintMd5: md5Fingerprint(blob),
  };
  const look = await guarded(() => store.lookup(host, port, blob));
  if (look.status === 'trusted') {
    if (opts.json) out({ ...presented, status: 'trusted', added: false });
    else
      process.stdout.write(
        `${target} is already trusted: ${presented.keyType} ${presented.fingerprint}\n`,
      );
    return;
  }
  if (look.status === 'changed' || look.status === 'revoked') {
    if (opts.json) out({ ...presented, status: look.status, expected: look.known });
    throw new CliFailure(
      hostKeyChangedWarning({
        host,
        port,
        keyType: presented.keyType,
        presented: presented.fingerprint,
        expected: look.known,
        pinned: look.pinned,
        revoked: look.status === 'revoked',
      }),
    );
  }
  // The confirmation step: the admin states the fingerprint they verified out of band.
  if (!opts.fingerprint) {
    if (opts.json) out({ ...presented, status: 'unknown', confirmation: 'pending' });
    else
      process.stdout.write(
        `${target} presents ${presented.keyType} ${presented.fingerprint}\n(${presented.fingerprintMd5})\n`,
      );
    throw new CliFailure(
      `not trusted yet: verify this fingerprint with the server's administrator, then run again with --fingerprint ${presented.fingerprint}`,
    );
  }
  if (!fingerprintMatches(opts.fingerprint, blob))
    throw new CliFailure(
      `the server presents ${presented.fingerprint}, not ${opts.fingerprint}: nothing was trusted (possible interception)`,
    );
  await guarded(() => store.trust(host, port, blob, { hash: opts.hash }));
  if (opts.json)
    out({ ...presented, status: 'trusted', added: true, knownHostsFile: store.knownHostsFile });
  else
    process.stdout.write(
      `trusted ${target}: ${presented.keyType} ${presented.fingerprint} (${store.knownHostsFile})\n`,
    );
}

async function pin(target: string, fingerprint: string, opts: Common): Promise<void> {
  if (!FINGERPRINT.test(fingerprint))
    throw new CliFailure(`"${fingerprint}" is not a SHA256:… or MD5 fingerprint`);
  const { host, port } = parseHostPort(target);
  const store = storeOf(opts);
  await guarded(() => store.pin(host, port, fingerprint.replace(/=$/, '')));
  if (opts.json) out({ host, port, pinned: fingerprint, pinsFile: store.pinsFile });
  else process.stdout.write(`pinned ${target} to ${fingerprint} (${store.pinsFile})\n`);
}

async function importCmd(file: string, opts: Common): Promise<void> {
  const store = storeOf(opts);
  const report = await guarded(() => importHostKeys(store, file));
  if (opts.json) return out({ ...report, knownHostsFile: store.knownHostsFile });
  process.stdout.write(
    `imported ${report.added} of ${report.found} host keys from ${file} (${report.format})\n`,
  );
  for (const k of report.keys)
    process.stdout.write(`  ${k.host ?? '(hashed)'} ${k.keyType} ${k.fingerprint}\n`);
  for (const s of report.skipped)
    process.stderr.write(`tunnelkeeper: warning: skipped ${s.name}: ${s.reason}\n`);
}

async function forget(target: string, opts: Common): Promise<void> {
  const { host, port } = parseHostPort(target);
  const store = storeOf(opts);
  const removed = await guarded(() => store.forget(host, port));
  if (opts.json) return out({ host, port, removed });
  if (!removed)
    throw new CliFailure(`no trusted key or pin for ${target} in ${store.knownHostsFile}`);
  process.stdout.write(`forgot ${removed} key(s) for ${target}\n`);
}

export const registerHostkeys: CommandRegistrar = (program) => {
  const hostkeys = program
    .command('hostkeys')
    .description('manage trusted SSH host keys (known_hosts and pins)');
  const common = (cmd: Command) =>
    cmd
      .option('--known-hosts <file>', 'known_hosts file (default: Tunnelkeeper’s own)')
      .option('--json', 'machine-readable output');

  common(
    hostkeys
      .command('list')
      .description('list trusted host keys and pins')
      .argument('[host[:port]]'),
  ).action(list);
  common(
    hostkeys
      .command('trust')
      .description('fetch a server’s host key and trust it once its fingerprint is confirmed')
      .argument('<host[:port]>')
      .option('--fingerprint <fp>', 'the fingerprint you verified out of band (confirms the trust)')
      .option('--hash', 'store the host name hashed (HashKnownHosts)')
      .addOption(new Option('--timeout <seconds>', 'connection timeout').default('10')),
  ).action(trust);
  common(
    hostkeys
      .command('pin')
      .description('accept only this fingerprint for a host')
      .argument('<host[:port]>')
      .argument('<fingerprint>'),
  ).action(pin);
  common(
    hostkeys
      .command('import')
      .description('import an OpenSSH known_hosts file or a PuTTY SshHostKeys .reg export')
      .argument('<file>'),
  ).action(importCmd);
  common(
    hostkeys
      .command('forget')
      .description('forget the keys and pins of a host')
      .argument('<host[:port]>'),
  ).action(forget);
};
