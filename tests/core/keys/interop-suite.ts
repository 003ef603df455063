import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyError } from '../../../main/core/keys/errors';
import type { PrivateKey } from '../../../main/core/keys/model';
import { readKey, requirePrivate } from '../../../main/core/keys/read';
import { writeKey, writePublic, type TargetFormat } from '../../../main/core/keys/write';
import {
  buildFixtures,
  keyOnly,
  puttygenPublic,
  sshKeygenPublic,
  tempDir,
  type FixtureSet,
  type RefType,
} from '../../helpers/keytools';

/** Private numbers as text, so two readings of one key compare exactly. */
export function partsOf(key: PrivateKey): string {
  return JSON.stringify(key.parts, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString(16) : v instanceof Buffer ? v.toString('hex') : v,
  );
}

const TARGETS: TargetFormat[] = ['ppk3', 'ppk2', 'openssh', 'pem', 'pkcs8'];
const WITH_COMMENT = /^(ppk|putty-openssh|openssh|sshcom|rfc4716|openssh\.pub)/;

/** The public key a PKCS#8 EdDSA file holds, as OpenSSL (not our code) decodes it. */
function opensslEdPublic(file: string, passphrase: string | undefined, type: string): string {
  const key = createPrivateKey({ key: readFileSync(file), format: 'pem', passphrase });
  const raw = Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x ?? '', 'base64url');
  const name = Buffer.from(type);
  const blob = Buffer.alloc(8 + name.length + raw.length);
  blob.writeUInt32BE(name.length, 0);
  name.copy(blob, 4);
  blob.writeUInt32BE(raw.length, 4 + name.length);
  raw.copy(blob, 8 + name.length);
  return `${type} ${blob.toString('base64')}`;
}

export function interopSuite(types: RefType[]): void {
  const root = tempDir();
  describe.each(types)('%s keys from puttygen and ssh-keygen', (type) => {
    let set: FixtureSet;
    beforeAll(async () => {
      set = await buildFixtures(type, root);
    }, 180_000);

    it('reads every reference file as the same key, format and encryption state', async () => {
      let reference: string | undefined;
      const seen: string[] = [];
      for (const fx of set.fixtures) {
        const result = await readKey(readFileSync(fx.file), { passphrase: fx.passphrase });
        expect([fx.name, result.format, result.encrypted]).toEqual([
          fx.name,
          fx.format,
          fx.encrypted,
        ]);
        expect([fx.name, keyOnly(writePublic(result.public, 'openssh'))]).toEqual([
          fx.name,
          set.publicKey,
        ]);
        if (WITH_COMMENT.test(fx.name))
          expect([fx.name, result.public.comment]).toEqual([fx.name, set.comment]);
        if (fx.format.endsWith('-public')) continue;
        const parts = partsOf(requirePrivate(result));
        reference ??= parts;
        expect([fx.name, parts]).toEqual([fx.name, reference]);
        seen.push(fx.name);
      }
      expect(seen.length).toBeGreaterThanOrEqual(type === 'ed448' ? 8 : 10);
    });

    it('asks for a passphrase, and rejects a wrong one, for every encrypted file', async () => {
      for (const fx of set.fixtures.filter((f) => f.encrypted)) {
        const clearPublic = fx.format.startsWith('ppk') || fx.format === 'openssh';
        if (clearPublic) {
          const result = await readKey(readFileSync(fx.file));
          expect([fx.name, keyOnly(writePublic(result.public, 'openssh')), result.private]).toEqual(
            [fx.name, set.publicKey, undefined],
          );
        } else {
          await expect(readKey(readFileSync(fx.file)), fx.name).rejects.toMatchObject({
            code: 'key-locked',
          });
        }
        const wrong = readKey(readFileSync(fx.file), { passphrase: 'not the passphrase' });
        await expect(wrong, fx.name).rejects.toBeInstanceOf(KeyError);
        await expect(wrong, fx.name).rejects.toMatchObject({ code: 'wrong-passphrase' });
      }
    });

    it.each(TARGETS)(
      'converts to %s, plain and encrypted, and the reference tools read it back',
      async (target) => {
        const source = set.fixtures.find((f) => f.name === 'ppk3-enc')!;
        const key = requirePrivate(
          await readKey(readFileSync(source.file), { passphrase: set.passphrase }),
        );
        for (const passphrase of [undefined, set.passphrase]) {
          const out = path.join(set.dir, `out-${target}-${passphrase ? 'enc' : 'plain'}`);
          if (type === 'ed448' && target !== 'ppk3' && target !== 'ppk2' && target !== 'pkcs8') {
            await expect(writeKey(key, target, { passphrase })).rejects.toMatchObject({
              code: 'unsupported',
              message: expect.stringMatching(/OpenSSH cannot use Ed448/),
            });
            continue;
          }
          const text = await writeKey(key, target, { passphrase });
          expect(text.endsWith('\n') && !text.endsWith('\n\n') && !text.includes('\r')).toBe(true);
          writeFileSync(out, text, { mode: 0o600 });
          // Our own reader must give back the identical key, comment included where the format has one.
          const back = requirePrivate(await readKey(text, { passphrase }));
          expect(partsOf(back)).toBe(partsOf(key));
          const eddsa = type === 'ed25519' || type === 'ed448';
          if (target === 'ppk3' || target === 'ppk2') {
            expect(back.comment).toBe(set.comment);
            expect(text.startsWith(`PuTTY-User-Key-File-${target.slice(3)}: `)).toBe(true);
            expect(await puttygenPublic(out, passphrase ? set.passphraseFile : undefined)).toBe(
              set.publicKey,
            );
          } else if (target === 'openssh') {
            expect(back.comment).toBe(set.comment);
            expect(await sshKeygenPublic(out, passphrase ?? '')).toBe(set.publicKey);
            expect(await puttygenPublic(out, passphrase ? set.passphraseFile : undefined)).toBe(
              set.publicKey,
            );
          } else if (eddsa) {
            // Ed25519/Ed448 exist in PEM only as PKCS#8, which neither ssh-keygen 9.2 nor puttygen reads.
            expect(text).toMatch(
              passphrase
                ? /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/
                : /^-----BEGIN PRIVATE KEY-----\n/,
            );
            expect(opensslEdPublic(out, passphrase, key.type)).toBe(set.publicKey);
          } else {
            expect(await sshKeygenPublic(out, passphrase ?? '')).toBe(set.publicKey);
            if (target === 'pem') {
              expect(await puttygenPublic(out, passphrase ? set.passphraseFile : undefined)).toBe(
                set.publicKey,
              );
              if (passphrase)
                expect(text).toMatch(
                  /\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,[0-9A-F]{32}\n/,
                );
            } else {
              expect(text.split('\n')[0]).toBe(
                passphrase
                  ? '-----BEGIN ENCRYPTED PRIVATE KEY-----'
                  : '-----BEGIN PRIVATE KEY-----',
              );
            }
          }
        }
      },
    );
  });
}
