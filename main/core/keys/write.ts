import { KeyError } from './errors';
import type { PrivateKey, PublicKey } from './model';
import { writeOpenSsh } from './openssh';
import { writeOpenSshPublic } from './openssh-public';
import { writePem } from './pem';
import { writePkcs8 } from './pkcs8';
import { writePpk } from './ppk';
import type { Argon2Params } from './ppk-crypto';
import { writeRfc4716 } from './rfc4716';

export type TargetFormat = 'ppk3' | 'ppk2' | 'openssh' | 'pem' | 'pkcs8';
export const TARGET_FORMATS: readonly TargetFormat[] = ['ppk3', 'ppk2', 'openssh', 'pem', 'pkcs8'];

export interface WriteOptions {
  /** Encrypts the output when given and non-empty. */
  passphrase?: string;
  argon2?: Partial<Omit<Argon2Params, 'salt'>>;
  /** bcrypt-pbkdf rounds for OpenSSH output (ssh-keygen's default 16). */
  rounds?: number;
}

export async function writeKey(
  key: PrivateKey,
  target: TargetFormat,
  options: WriteOptions = {},
): Promise<string> {
  const passphrase = options.passphrase || undefined;
  switch (target) {
    case 'ppk3':
    case 'ppk2':
      return writePpk(key, {
        version: target === 'ppk3' ? 3 : 2,
        passphrase,
        argon2: options.argon2,
      });
    case 'openssh':
      return writeOpenSsh(key, { passphrase, rounds: options.rounds });
    case 'pem':
      if (key.type === 'ssh-ed448') throw ed448NotForOpenSsh();
      return writePem(key, passphrase);
    case 'pkcs8':
      return writePkcs8(key, passphrase);
  }
}

function ed448NotForOpenSsh(): KeyError {
  return new KeyError(
    'unsupported',
    'OpenSSH cannot use Ed448 keys (no OpenSSH release supports them); keep this key in PPK format',
  );
}

export function writePublic(key: PublicKey, format: 'openssh' | 'rfc4716'): string {
  return format === 'openssh' ? writeOpenSshPublic(key) : writeRfc4716(key);
}

/** What an admin must know about a key whatever format it ends up in. */
export function keyWarnings(key: PublicKey): string[] {
  if (key.type === 'ssh-dss') {
    return [
      'DSA keys are obsolete: OpenSSH 10 removed DSA support entirely, and most servers refuse them. Generate an Ed25519 key.',
    ];
  }
  if (key.type === 'ssh-ed448') {
    return [
      'Ed448 keys work with PuTTY only: no OpenSSH release supports Ed448 (not ssh, sshd, ssh-keygen or ssh-agent).',
    ];
  }
  return [];
}
