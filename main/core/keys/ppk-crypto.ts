import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { KeyError } from './errors';

export type Argon2Flavour = 'Argon2id' | 'Argon2i' | 'Argon2d';

export interface Argon2Params {
  flavour: Argon2Flavour;
  /** KiB, as the PPK header states it. */
  memory: number;
  passes: number;
  parallelism: number;
  salt: Buffer;
}

/**
 * What a file may ask of us before we refuse to run its KDF: a PPK header is attacker-controlled
 * input, and Argon2 with a huge memory or pass count is a denial of service.
 */
export interface KdfLimits {
  maxMemoryKiB: number;
  maxPasses: number;
  maxParallelism: number;
  /** openssh-key-v1 bcrypt-pbkdf rounds (about 20 ms each here; ssh-keygen writes 16). */
  maxBcryptRounds?: number;
  /** PKCS#8 PBES2 PBKDF2 iterations (OpenSSL writes 2048) or scrypt N·r. */
  maxPbkdf2Iterations?: number;
}

export const DEFAULT_KDF_LIMITS: KdfLimits = {
  maxMemoryKiB: 1024 * 1024, // 1 GiB: far above anything PuTTY writes, below an out-of-memory
  maxPasses: 1000,
  maxParallelism: 64,
  maxBcryptRounds: 500,
  maxPbkdf2Iterations: 10_000_000,
};

/**
 * PuTTY's defaults: Argon2id, 8192 KiB, parallelism 1. PuTTY picks the pass count by timing
 * (100 ms on the machine that saves the key, typically 13–30); a fixed count keeps our output
 * reproducible and sits in the same range.
 */
export const PUTTY_DEFAULT_ARGON2 = {
  flavour: 'Argon2id',
  memory: 8192,
  passes: 21,
  parallelism: 1,
} as const;

export function checkKdfLimits(p: Omit<Argon2Params, 'salt'>, limits: KdfLimits): void {
  if (
    !Number.isSafeInteger(p.memory) ||
    !Number.isSafeInteger(p.passes) ||
    !Number.isSafeInteger(p.parallelism) ||
    p.passes < 1 ||
    p.parallelism < 1 ||
    p.memory < 8 * p.parallelism
  ) {
    throw new KeyError('key-unreadable', 'PPK file has invalid Argon2 parameters');
  }
  if (
    p.memory > limits.maxMemoryKiB ||
    p.passes > limits.maxPasses ||
    p.parallelism > limits.maxParallelism
  ) {
    throw new KeyError(
      'unsupported',
      `PPK file asks for an unreasonable Argon2 cost (memory ${p.memory} KiB, passes ${p.passes}, ` +
        `parallelism ${p.parallelism}); refusing to run it`,
    );
  }
}

/** PPK v3: 80 bytes of Argon2 → AES-256 key ‖ CBC IV ‖ HMAC-SHA-256 key. */
export async function ppk3Keys(
  passphrase: string,
  p: Argon2Params,
): Promise<{ key: Buffer; iv: Buffer; macKey: Buffer }> {
  if (p.salt.length < 8) throw new KeyError('key-unreadable', 'PPK Argon2 salt is too short');
  // Loaded on the first PPK v3 key only: not in the start-up of every command (issue #19).
  const { argon2d, argon2i, argon2id } = await import('hash-wasm');
  const fn = p.flavour === 'Argon2id' ? argon2id : p.flavour === 'Argon2i' ? argon2i : argon2d;
  const out = Buffer.from(
    await fn({
      password: Buffer.from(passphrase, 'utf8'),
      salt: p.salt,
      parallelism: p.parallelism,
      iterations: p.passes,
      memorySize: p.memory,
      hashLength: 80,
      outputType: 'binary',
    }),
  );
  return { key: out.subarray(0, 32), iv: out.subarray(32, 48), macKey: out.subarray(48, 80) };
}

/** PPK v2: SHA-1 based key stretching (no salt) and a SHA-1 derived MAC key. */
export function ppk2Keys(passphrase: string): { key: Buffer; iv: Buffer; macKey: Buffer } {
  const pass = Buffer.from(passphrase, 'utf8');
  const h = (prefix: number[]) =>
    createHash('sha1').update(Buffer.from(prefix)).update(pass).digest();
  return {
    key: Buffer.concat([h([0, 0, 0, 0]), h([0, 0, 0, 1])]).subarray(0, 32),
    iv: Buffer.alloc(16),
    macKey: createHash('sha1').update('putty-private-key-file-mac-key').update(pass).digest(),
  };
}

export function ppkMac(version: 2 | 3, macKey: Buffer, data: Buffer): Buffer {
  return createHmac(version === 3 ? 'sha256' : 'sha1', macKey)
    .update(data)
    .digest();
}

export function aes256cbc(encrypt: boolean, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  if (data.length % 16 !== 0) {
    throw new KeyError('key-unreadable', 'encrypted private part is not a whole number of blocks');
  }
  const c = encrypt
    ? createCipheriv('aes-256-cbc', key, iv)
    : createDecipheriv('aes-256-cbc', key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}
