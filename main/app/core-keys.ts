import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { GenerateKeyRequest, KeyResult, KeySummary } from '../../contract';
import { Keyring } from '../core/auth/agent/keyring';
import type { Profile } from '../core/config/profile';
import {
  checkPublicKey,
  generateKey,
  keyBits,
  readKey,
  requirePrivate,
  sha256Fingerprint,
  writeKey,
  writeKeyFile,
  writePublic,
  type GenerateOptions,
  type PublicKey,
} from '../core/keys/index';
import { CodedError } from './errors';
import type { KeyService } from './ports';

/** A stable id for a key file that does not put its path in every message. */
const keyId = (file: string) => createHash('sha256').update(file).digest('hex').slice(0, 16);

function summary(
  file: string,
  key: PublicKey,
  format: string,
  encrypted: boolean,
  unlocked: boolean,
): KeySummary {
  return {
    id: keyId(file),
    path: file,
    type: key.type,
    bits: keyBits(key),
    fingerprint: sha256Fingerprint(key.blob),
    comment: key.comment,
    format,
    encrypted,
    unlocked,
  };
}

const GENERATE: Record<GenerateKeyRequest['type'], GenerateOptions> = {
  ed25519: { type: 'ed25519' },
  rsa: { type: 'rsa' },
  'ecdsa-p256': { type: 'ecdsa', bits: 256 },
  'ecdsa-p384': { type: 'ecdsa', bits: 384 },
  'ecdsa-p521': { type: 'ecdsa', bits: 521 },
};

/**
 * The key wizard over main/core/keys. Passphrases arrive in a request, are used, and go out of
 * scope; results carry the public half only. Files are never overwritten (`file-exists`).
 * `keyring` is the built-in agent's (the tunnels'): keys unlocked here sign for the tunnels.
 */
export function coreKeyService(
  readProfiles: () => Profile[],
  keyring: Pick<Keyring, 'list'> & {
    unlockFile(file: string, passphrase?: string): Promise<unknown>;
    remove(fingerprint: string): unknown;
  } = new Keyring(),
): KeyService {
  // Keys the wizard wrote or the admin unlocked in this run: the list keeps showing them.
  const written = new Set<string>();
  /** Whether the keyring holds this key with its private half. */
  const isUnlocked = (key: PublicKey) => {
    const fingerprint = sha256Fingerprint(key.blob);
    return keyring.list().some((k) => k.fingerprint === fingerprint && !k.locked);
  };
  const describe = (file: string, key: PublicKey, format: string, encrypted: boolean) =>
    summary(file, key, format, encrypted, isUnlocked(key));
  return {
    /** The keys the profiles use and the wizard wrote; an unreadable file is left out. */
    async list() {
      const files = [
        ...new Set([...readProfiles().flatMap((p) => p.auth.keyFile ?? []), ...written]),
      ];
      const read = await Promise.all(
        files.map(async (file) => {
          try {
            const result = await readKey(await readFile(file));
            return [describe(file, result.public, result.format, result.encrypted)];
          } catch {
            return [];
          }
        }),
      );
      return read.flat();
    },

    async convert(request): Promise<KeyResult> {
      const source = await readKey(await readFile(request.sourcePath), {
        passphrase: request.passphrase,
      });
      const key = requirePrivate(source);
      const text = await writeKey(key, request.targetFormat, { passphrase: request.newPassphrase });
      await writeKeyFile(request.outputPath, text, false);
      written.add(request.outputPath);
      return {
        key: describe(request.outputPath, key, request.targetFormat, !!request.newPassphrase),
        outputPath: request.outputPath,
        publicKeyLine: writePublic(key, 'openssh').trim(),
      };
    },

    async inspect(file, passphrase) {
      const result = await readKey(await readFile(file), { passphrase });
      return {
        format: result.format,
        keyType: result.public.type,
        bits: keyBits(result.public),
        encrypted: result.encrypted,
        unlocked: result.private !== undefined,
        comment: result.public.comment,
        fingerprint: sha256Fingerprint(result.public.blob),
        publicKey: writePublic(result.public, 'openssh').trim(),
      };
    },

    /** Wrong passphrase: `wrong-passphrase`; encrypted and none given: `key-locked`. */
    async unlock(file, passphrase) {
      await keyring.unlockFile(file, passphrase);
      written.add(file);
      const result = await readKey(await readFile(file));
      return describe(file, result.public, result.format, result.encrypted);
    },

    async lock(id) {
      const held = keyring.list().filter((k) => k.source !== undefined && keyId(k.source) === id);
      for (const key of held) await keyring.remove(key.fingerprint);
      if (held.length > 0) return;
      // Already locked is fine; an id no listed key has is not.
      const files = [...readProfiles().flatMap((p) => p.auth.keyFile ?? []), ...written];
      if (!files.some((file) => keyId(file) === id)) throw new CodedError('not-found');
    },

    async checkPublic(text) {
      const check = await checkPublicKey(text);
      return {
        ok: check.ok,
        keyType: check.keyType,
        fingerprint: check.fingerprint,
        problem: check.problem,
        message: check.message,
        suggestion: check.suggestion,
        comment: check.comment,
      };
    },

    async generate(request): Promise<KeyResult> {
      const options = GENERATE[request.type];
      const key = await generateKey({
        ...options,
        ...(request.type === 'rsa' && request.bits ? { bits: request.bits } : {}),
        comment: request.comment,
      });
      const text = await writeKey(key, request.format, { passphrase: request.passphrase });
      await writeKeyFile(request.outputPath, text, false);
      written.add(request.outputPath);
      const publicKeyLine = writePublic(key, 'openssh').trim();
      // ssh-keygen leaves the .pub beside an OpenSSH key; admins expect to find it there.
      if (request.format === 'openssh')
        await writeKeyFile(`${request.outputPath}.pub`, `${publicKeyLine}\n`, false, 0o644);
      return {
        key: describe(request.outputPath, key, request.format, !!request.passphrase),
        outputPath: request.outputPath,
        publicKeyLine,
      };
    },
  };
}
