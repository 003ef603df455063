import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requirePeer } from './peers';

const run = promisify(execFile);

/** The reference tools every key test compares against (never mocks). */
export const tools = {
  get puttygen(): string {
    return requirePeer('puttygen');
  },
  get sshKeygen(): string {
    return requirePeer('ssh-keygen');
  },
};

export function tempDir(prefix = 'tk-keys-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a passphrase file as cli.md and puttygen's --*-passphrase options expect. */
export function passFile(
  dir: string,
  passphrase: string,
  name = `pass-${passphrase.length}-${Date.now()}`,
): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${passphrase}\n`);
  return file;
}

async function exec(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { encoding: 'utf8', timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** `type base64` of a public key line, dropping the comment (tools disagree about comments). */
export function keyOnly(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

/** What puttygen says the public key is (`-L`); with a passphrase it must also decrypt (`-O text`). */
export async function puttygenPublic(file: string, passphraseFile?: string): Promise<string> {
  const pass = passphraseFile
    ? ['--old-passphrase', passphraseFile]
    : ['--old-passphrase', '/dev/null'];
  await exec(tools.puttygen, [file, '-O', 'text', ...pass]);
  return keyOnly(await exec(tools.puttygen, [file, '-L', ...pass]));
}

/** What `ssh-keygen -y` derives from the private key (it decrypts and recomputes the public key). */
export async function sshKeygenPublic(file: string, passphrase = ''): Promise<string> {
  chmodSync(file, 0o600);
  return keyOnly(await exec(tools.sshKeygen, ['-y', '-P', passphrase, '-f', file]));
}

export async function puttygen(args: string[]): Promise<string> {
  return exec(tools.puttygen, ['-q', ...args]);
}

export async function sshKeygen(args: string[]): Promise<string> {
  return exec(tools.sshKeygen, ['-q', ...args]);
}

export type RefType =
  | 'ed25519'
  | 'ed448'
  | 'rsa2048'
  | 'rsa3072'
  | 'rsa4096'
  | 'ecdsa256'
  | 'ecdsa384'
  | 'ecdsa521'
  | 'dsa';

export interface Fixture {
  /** Short label for test names, e.g. "ppk3-enc". */
  name: string;
  file: string;
  passphrase?: string;
  format: string;
  encrypted: boolean;
}

export interface FixtureSet {
  type: RefType;
  dir: string;
  passphrase: string;
  passphraseFile: string;
  /** Reference public key (type + base64) from the generating tool. */
  publicKey: string;
  comment: string;
  fixtures: Fixture[];
}

const PASSPHRASE = 'correct horse 7';

/**
 * One key per type, exported by puttygen and ssh-keygen into every format they write, plain and
 * encrypted. Everything our readers must agree on comes from these files.
 */
export async function buildFixtures(type: RefType, root: string): Promise<FixtureSet> {
  const dir = path.join(root, type);
  await run('mkdir', ['-p', dir]);
  const pf = passFile(dir, PASSPHRASE, 'pass');
  const comment = `tk-${type}@test`;
  const f = (name: string) => path.join(dir, name);
  const fixtures: Fixture[] = [];
  const add = (name: string, format: string, encrypted: boolean) =>
    fixtures.push({
      name,
      file: f(name),
      format,
      encrypted,
      passphrase: encrypted ? PASSPHRASE : undefined,
    });

  const eddsa = type === 'ed25519' || type === 'ed448';
  const family = eddsa ? type : type.replace(/\d+$/, '');
  const bits = eddsa ? undefined : type.match(/\d+$/)?.[0];
  const fromPutty = type === 'ed448' || type === 'rsa2048' || type === 'ecdsa384';
  const base = f('origin.ppk');
  if (fromPutty) {
    await puttygen([
      '-t',
      family,
      ...(bits ? ['-b', bits] : []),
      '-C',
      comment,
      '-o',
      base,
      '--new-passphrase',
      '/dev/null',
    ]);
  } else {
    const key = f('origin');
    await sshKeygen([
      '-t',
      family,
      ...(bits ? ['-b', bits] : []),
      '-C',
      comment,
      '-N',
      '',
      '-f',
      key,
    ]);
    await puttygen([key, '-O', 'private', '-o', base, '--new-passphrase', '/dev/null']);
  }
  const publicKey = keyOnly(await exec(tools.puttygen, [base, '-L']));
  const none = ['--old-passphrase', '/dev/null'];

  // puttygen outputs
  copyFileSync(base, f('ppk3'));
  add('ppk3', 'ppk3', false);
  await puttygen([
    base,
    ...none,
    '-O',
    'private',
    '-o',
    f('ppk3-enc'),
    '-P',
    '--new-passphrase',
    pf,
  ]);
  add('ppk3-enc', 'ppk3', true);
  await puttygen([
    base,
    ...none,
    '-O',
    'private',
    '-o',
    f('ppk3-argon2i'),
    '-P',
    '-P',
    '--new-passphrase',
    pf,
    '--ppk-param',
    'kdf=argon2i,memory=1024,passes=3,parallelism=2',
  ]);
  add('ppk3-argon2i', 'ppk3', true);
  await puttygen([
    base,
    ...none,
    '-O',
    'private',
    '-o',
    f('ppk3-argon2d'),
    '-P',
    '-P',
    '--new-passphrase',
    pf,
    '--ppk-param',
    'kdf=argon2d,memory=512,passes=2',
  ]);
  add('ppk3-argon2d', 'ppk3', true);
  await puttygen([
    base,
    ...none,
    '-O',
    'private',
    '-o',
    f('ppk2'),
    '--reencrypt',
    '--ppk-param',
    'version=2',
  ]);
  add('ppk2', 'ppk2', false);
  await puttygen([
    base,
    ...none,
    '-O',
    'private',
    '-o',
    f('ppk2-enc'),
    '-P',
    '-P',
    '--new-passphrase',
    pf,
    '--ppk-param',
    'version=2',
  ]);
  add('ppk2-enc', 'ppk2', true);
  await puttygen([base, ...none, '-O', 'private-openssh-new', '-o', f('putty-openssh')]);
  add('putty-openssh', 'openssh', false);
  await puttygen([
    base,
    ...none,
    '-O',
    'private-openssh-new',
    '-o',
    f('putty-openssh-enc'),
    '-P',
    '-P',
    '--new-passphrase',
    pf,
  ]);
  add('putty-openssh-enc', 'openssh', true);
  await exec(tools.puttygen, [base, '-p', '-o', f('rfc4716.pub')]);
  add('rfc4716.pub', 'rfc4716-public', false);
  await exec(tools.puttygen, [base, '-L', '-o', f('openssh.pub')]);
  add('openssh.pub', 'openssh-public', false);

  const traditional = family === 'rsa' || family === 'ecdsa' || family === 'dsa';
  const pemFormat = family === 'rsa' ? 'pem-pkcs1' : family === 'ecdsa' ? 'pem-sec1' : 'pem-dsa';
  if (traditional) {
    await puttygen([base, ...none, '-O', 'private-openssh', '-o', f('putty-pem')]);
    add('putty-pem', pemFormat, false);
    await puttygen([
      base,
      ...none,
      '-O',
      'private-openssh',
      '-o',
      f('putty-pem-enc'),
      '-P',
      '--new-passphrase',
      pf,
    ]);
    add('putty-pem-enc', pemFormat, true); // DES-EDE3-CBC
  }
  if (family === 'rsa' || family === 'dsa') {
    await puttygen([base, ...none, '-O', 'private-sshcom', '-o', f('sshcom')]);
    add('sshcom', 'sshcom', false);
    await puttygen([
      base,
      ...none,
      '-O',
      'private-sshcom',
      '-o',
      f('sshcom-enc'),
      '-P',
      '--new-passphrase',
      pf,
    ]);
    add('sshcom-enc', 'sshcom', true);
  }

  // ssh-keygen outputs (it cannot hold Ed448)
  if (type !== 'ed448') {
    const plain = f('openssh');
    await puttygen([base, ...none, '-O', 'private-openssh-new', '-o', plain]);
    const keygenCopy = async (
      name: string,
      extra: string[],
      format: string,
      encrypted: boolean,
    ) => {
      copyFileSync(plain, f(name));
      chmodSync(f(name), 0o600);
      await sshKeygen(['-p', '-f', f(name), '-P', '', '-N', encrypted ? PASSPHRASE : '', ...extra]);
      add(name, format, encrypted);
    };
    await keygenCopy('openssh', [], 'openssh', false);
    await keygenCopy('openssh-enc', [], 'openssh', true);
    // Fewer bcrypt rounds than the default 16 keep the suite fast; the cipher is what differs.
    await keygenCopy('openssh-gcm', ['-Z', 'aes256-gcm@openssh.com', '-a', '4'], 'openssh', true);
    await keygenCopy('openssh-cbc', ['-Z', 'aes256-cbc', '-a', '4'], 'openssh', true);
    if (traditional) {
      await keygenCopy('pem', ['-m', 'PEM'], pemFormat, false);
      await keygenCopy('pem-enc', ['-m', 'PEM'], pemFormat, true); // AES-128-CBC
      await keygenCopy('pkcs8', ['-m', 'PKCS8'], 'pem-pkcs8', false);
      await keygenCopy('pkcs8-enc', ['-m', 'PKCS8'], 'pem-pkcs8', true); // PBES2
    }
  }
  return { type, dir, passphrase: PASSPHRASE, passphraseFile: pf, publicKey, comment, fixtures };
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
