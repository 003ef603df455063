import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPublicKey } from '../../../main/core/keys/check-public';
import { KeyError } from '../../../main/core/keys/errors';
import { generateKey } from '../../../main/core/keys/generate';
import type { PrivateKey } from '../../../main/core/keys/model';
import { readKey } from '../../../main/core/keys/read';
import type { ReadOptions } from '../../../main/core/keys/types';
import { writeKey, writePublic } from '../../../main/core/keys/write';
import { passFile, puttygen, tempDir } from '../../helpers/keytools';

/** Tight KDF bounds: a mutation that raises a cost must be refused, not make the run slow. */
const OPTIONS: ReadOptions = {
  passphrase: 'pp',
  kdfLimits: {
    maxMemoryKiB: 256,
    maxPasses: 3,
    maxParallelism: 2,
    maxBcryptRounds: 2,
    maxPbkdf2Iterations: 5000,
  },
};

/** Either a result or a KeyError; anything else (TypeError, RangeError, OpenSSL error) fails. */
async function onlyKeyErrors(input: string | Buffer): Promise<void> {
  const started = Date.now();
  try {
    await readKey(input, OPTIONS);
  } catch (error) {
    if (!(error instanceof KeyError)) {
      throw new Error(
        `non-KeyError escaped for input ${JSON.stringify(input.toString().slice(0, 200))}: ${String(error)}`,
      );
    }
  }
  expect(Date.now() - started).toBeLessThan(3000);
}

const mutation = (length: number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(length - 1),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(length - 1) }),
    fc.record({
      kind: fc.constant('drop' as const),
      at: fc.nat(length - 1),
      n: fc.integer({ min: 1, max: 8 }),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(length - 1),
      text: fc.string({ maxLength: 6 }),
    }),
    fc.record({
      kind: fc.constant('digit' as const),
      at: fc.nat(length - 1),
      digit: fc.integer({ min: 0, max: 9 }),
    }),
  );

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'drop'; at: number; n: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'digit'; at: number; digit: number };

function apply(text: string, ms: Mutation[]): Buffer {
  let b = Buffer.from(text, 'latin1');
  for (const m of ms) {
    const at = Math.min(m.at, Math.max(0, b.length - 1));
    if (m.kind === 'flip') b[at] = m.byte;
    else if (m.kind === 'cut') b = b.subarray(0, at);
    else if (m.kind === 'drop') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
    else if (m.kind === 'insert')
      b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text), b.subarray(at)]);
    // Digits hit the numeric headers (Argon2 cost, line counts) more often than random bytes would.
    else if (/\d/.test(String.fromCharCode(b[at] ?? 0))) b[at] = 0x30 + m.digit;
  }
  return b;
}

describe('every parser meets random and mutated input with typed errors only', () => {
  const samples: Record<string, string> = {};

  beforeAll(async () => {
    const keys: PrivateKey[] = [
      await generateKey({ type: 'ed25519', comment: 'prop' }),
      await generateKey({ type: 'ecdsa', bits: 256, comment: 'prop' }),
      await generateKey({ type: 'rsa', bits: 2048, comment: 'prop' }),
    ];
    const cheap = { flavour: 'Argon2id' as const, memory: 64, passes: 1, parallelism: 1 };
    for (const key of keys) {
      const t = key.type;
      samples[`${t} ppk3`] = await writeKey(key, 'ppk3');
      samples[`${t} ppk3 enc`] = await writeKey(key, 'ppk3', { passphrase: 'pp', argon2: cheap });
      samples[`${t} ppk2 enc`] = await writeKey(key, 'ppk2', { passphrase: 'pp' });
      samples[`${t} openssh`] = await writeKey(key, 'openssh');
      samples[`${t} openssh enc`] = await writeKey(key, 'openssh', { passphrase: 'pp', rounds: 1 });
      samples[`${t} pem`] = await writeKey(key, 'pem');
      samples[`${t} pem enc`] = await writeKey(key, 'pem', { passphrase: 'pp' });
      samples[`${t} pkcs8`] = await writeKey(key, 'pkcs8');
      samples[`${t} pub`] = writePublic(key, 'openssh');
      samples[`${t} rfc4716`] = writePublic(key, 'rfc4716');
    }
    // ssh.com keys we only read: puttygen writes them from our RSA key.
    const dir = tempDir();
    const pem = path.join(dir, 'rsa.pem');
    writeFileSync(pem, samples['ssh-rsa pem']!, { mode: 0o600 });
    await puttygen([pem, '-O', 'private-sshcom', '-o', path.join(dir, 'sshcom')]);
    await puttygen([
      pem,
      '-O',
      'private-sshcom',
      '-o',
      path.join(dir, 'sshcom-enc'),
      '-P',
      '--new-passphrase',
      passFile(dir, 'pp'),
    ]);
    samples['ssh-rsa sshcom'] = readFileSync(path.join(dir, 'sshcom'), 'utf8');
    samples['ssh-rsa sshcom enc'] = readFileSync(path.join(dir, 'sshcom-enc'), 'utf8');
  }, 60_000);

  it('reads every unmutated sample under the tight limits (so mutations start from valid files)', async () => {
    for (const [name, text] of Object.entries(samples)) {
      const result = await readKey(text, OPTIONS);
      expect([name, result.private !== undefined]).toEqual([name, !/pub|rfc4716/.test(name)]);
      if (!/pem|pkcs8|sshcom/.test(name))
        expect([name, result.public.comment]).toEqual([name, 'prop']);
    }
    expect(Object.keys(samples)).toHaveLength(32);
  });

  it('random text and bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
          fc
            .constantFrom(
              'PuTTY-User-Key-File-3: ',
              '-----BEGIN OPENSSH PRIVATE KEY-----\n',
              '---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n',
              '-----BEGIN RSA PRIVATE KEY-----\n',
              '-----BEGIN ENCRYPTED PRIVATE KEY-----\n',
              'ssh-ed25519 ',
            )
            .chain((head) => fc.string({ maxLength: 300 }).map((s) => head + s)),
        ),
        onlyKeyErrors,
      ),
      { numRuns: 300 },
    );
  });

  it('valid files of every format, mutated', async () => {
    const names = Object.keys(samples);
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...names)
          .chain((name) =>
            fc.tuple(
              fc.constant(name),
              fc.array(mutation(samples[name]!.length), { minLength: 1, maxLength: 3 }),
            ),
          ),
        async ([name, ms]) => onlyKeyErrors(apply(samples[name]!, ms)),
      ),
      { numRuns: 400 },
    );
  });

  it('the paste checker never throws on anything pasted', async () => {
    const line = samples['ssh-ed25519 pub']!;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc
            .array(mutation(line.length), { minLength: 1, maxLength: 3 })
            .map((ms) => apply(line, ms).toString('latin1')),
        ),
        async (text) => {
          const check = await checkPublicKey(text);
          expect(check.ok).toBe(check.problem === null);
          if (check.ok) expect(check.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
