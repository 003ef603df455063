import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyError } from '../../../main/core/keys/errors';
import { loadPrivateKey } from '../../../main/core/keys/load';
import { readKey, requirePrivate } from '../../../main/core/keys/read';
import { writeKey, writePublic } from '../../../main/core/keys/write';
import { keyOnly, passFile, puttygen, sshKeygen, tempDir, tools } from '../../helpers/keytools';
import { partsOf } from './interop-suite';

const PASS = 'tunnel 1234';
const dir = tempDir();
const f = (name: string) => path.join(dir, name);
const text = (name: string) => readFileSync(f(name), 'utf8');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    if (!(error instanceof KeyError)) throw error;
    return error.code;
  }
}

describe('damaged, wrong and unknown key files give typed errors', () => {
  beforeAll(async () => {
    const pf = passFile(dir, PASS);
    await puttygen([
      '-t',
      'ed25519',
      '-C',
      'damage-me',
      '-o',
      f('enc3.ppk'),
      '--new-passphrase',
      pf,
    ]);
    await puttygen([
      f('enc3.ppk'),
      '--old-passphrase',
      pf,
      '-O',
      'private',
      '-o',
      f('plain3.ppk'),
      '-P',
      '--new-passphrase',
      '/dev/null',
    ]);
    await puttygen([
      f('enc3.ppk'),
      '--old-passphrase',
      pf,
      '-O',
      'private',
      '-o',
      f('enc2.ppk'),
      '--reencrypt',
      '--ppk-param',
      'version=2',
    ]);
    await puttygen([
      f('enc3.ppk'),
      '--old-passphrase',
      pf,
      '-O',
      'private',
      '-o',
      f('plain2.ppk'),
      '-P',
      '--new-passphrase',
      '/dev/null',
      '--ppk-param',
      'version=2',
    ]);
    await sshKeygen(['-t', 'rsa', '-b', '2048', '-N', '', '-C', 'rsa-plain', '-f', f('rsa')]);
    await sshKeygen(['-t', 'ecdsa', '-N', PASS, '-C', 'ec-enc', '-f', f('ec-enc')]);
    await sshKeygen(['-t', 'ecdsa', '-N', PASS, '-m', 'PEM', '-f', f('ec-pem')]);
    await sshKeygen(['-t', 'ed25519', '-N', '', '-C', 'ed-plain', '-f', f('ed')]);
  }, 60_000);

  it('an edited comment in an encrypted PPK is corruption, not a wrong passphrase (v3 and v2)', async () => {
    for (const name of ['enc3.ppk', 'enc2.ppk']) {
      const edited = text(name).replace('Comment: damage-me', 'Comment: damage-you');
      expect(await codeOf(readKey(edited, { passphrase: PASS }))).toBe('corrupt');
      expect(await codeOf(readKey(text(name), { passphrase: 'wrong' }))).toBe('wrong-passphrase');
      await expect(readKey(edited, { passphrase: PASS })).rejects.toThrow(/MAC does not match/);
    }
  });

  it('a damaged MAC line is corruption for encrypted and plain PPK files', async () => {
    for (const name of ['enc3.ppk', 'enc2.ppk', 'plain3.ppk', 'plain2.ppk']) {
      const damaged = text(name).replace(
        /Private-MAC: (.)/,
        (_m, c: string) => `Private-MAC: ${c === '0' ? '1' : '0'}`,
      );
      expect([name, await codeOf(readKey(damaged, { passphrase: PASS }))]).toEqual([
        name,
        'corrupt',
      ]);
    }
  });

  it('damaged private bytes in a plain PPK are corruption (there is no passphrase to blame)', async () => {
    for (const name of ['plain3.ppk', 'plain2.ppk']) {
      const lines = text(name).split('\n');
      const at = lines.findIndex((l) => l.startsWith('Private-Lines:')) + 1;
      lines[at] =
        `${lines[at]!.slice(0, 10)}${lines[at]![10] === 'A' ? 'B' : 'A'}${lines[at]!.slice(11)}`;
      expect(await codeOf(readKey(lines.join('\n')))).toBe('corrupt');
    }
  });

  it('a public key that does not match the private key is corruption', async () => {
    const other = text('plain3.ppk');
    const key = requirePrivate(await readKey(readFileSync(f('ed'))));
    const swapped = other.replace(
      /Public-Lines: 2\n[^\n]+\n[^\n]+\n/,
      `Public-Lines: 2\n${key.blob.toString('base64').slice(0, 64)}\n${key.blob.toString('base64').slice(64)}\n`,
    );
    expect(swapped).not.toBe(other);
    expect(await codeOf(readKey(swapped))).toBe('corrupt');
  });

  it('truncated files of every format are unreadable, never a crash', async () => {
    for (const name of ['enc3.ppk', 'plain2.ppk', 'rsa', 'ec-enc', 'ec-pem', 'ed', 'ed.pub']) {
      const whole = text(name);
      // A .pub cut at 97% only loses comment characters, which is not damage.
      for (const cut of name.endsWith('.pub') ? [0.2, 0.5, 0.8] : [0.2, 0.5, 0.8, 0.97]) {
        const code = await codeOf(
          readKey(whole.slice(0, Math.floor(whole.length * cut)), { passphrase: PASS }),
        );
        expect([name, cut, ['key-unreadable', 'corrupt'].includes(code)]).toEqual([
          name,
          cut,
          true,
        ]);
      }
    }
  });

  it('names unknown, obsolete and public-only inputs', async () => {
    expect(await codeOf(readKey(''))).toBe('key-unreadable');
    expect(await codeOf(readKey('hello, I am not a key\n'))).toBe('key-unreadable');
    expect(await codeOf(readKey(Buffer.from([0, 1, 2, 3, 255, 254, 0, 7])))).toBe('key-unreadable');
    expect(await codeOf(readKey('SSH PRIVATE KEY FILE FORMAT 1.1\n\0\0'))).toBe('unsupported');
    expect(await codeOf(readKey(text('plain3.ppk').replace('File-3', 'File-1')))).toBe(
      'unsupported',
    );
    expect(
      await codeOf(readKey(text('plain3.ppk').replace('Encryption: none', 'Encryption: blowfish'))),
    ).toBe('unsupported');
    await expect(loadPrivateKey(f('ed.pub'))).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/public key/),
    });
    await expect(loadPrivateKey(f('ec-pem'))).rejects.toMatchObject({ code: 'key-locked' });
  });

  it('refuses absurd Argon2 parameters before running the KDF, but still shows the public key', async () => {
    const greedy = text('enc3.ppk').replace(/Argon2-Memory: \d+/, 'Argon2-Memory: 4194304');
    const started = Date.now();
    await expect(readKey(greedy, { passphrase: PASS })).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/unreasonable Argon2 cost/),
    });
    const slow = text('enc3.ppk').replace(/Argon2-Passes: \d+/, 'Argon2-Passes: 100000');
    await expect(readKey(slow, { passphrase: PASS })).rejects.toMatchObject({
      code: 'unsupported',
    });
    expect(Date.now() - started).toBeLessThan(1000);
    const info = await readKey(greedy);
    expect(info.encrypted && info.private === undefined).toBe(true);
    expect(keyOnly(writePublic(info.public, 'openssh'))).toBe(
      keyOnly(writePublic((await readKey(text('plain3.ppk'))).public, 'openssh')),
    );
  });

  it('accepts CRLF, lone CR, a UTF-8 BOM and UTF-16 on input, and writes LF with one final newline', async () => {
    for (const name of ['enc3.ppk', 'ec-enc', 'ec-pem', 'ed.pub']) {
      const reference = await readKey(text(name), { passphrase: PASS });
      for (const variant of [
        `\uFEFF${text(name).replace(/\n/g, '\r\n')}`,
        text(name).replace(/\n/g, '\r'),
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(text(name).replace(/\n/g, '\r\n'), 'utf16le'),
        ]),
      ]) {
        const result = await readKey(variant, { passphrase: PASS });
        expect(writePublic(result.public, 'openssh')).toBe(
          writePublic(reference.public, 'openssh'),
        );
        if (reference.private) expect(partsOf(result.private!)).toBe(partsOf(reference.private));
      }
    }
    const key = requirePrivate(await readKey(`\uFEFF${text('ed').replace(/\n/g, '\r\n')}`));
    for (const target of ['ppk3', 'ppk2', 'openssh', 'pem', 'pkcs8'] as const) {
      const out = await writeKey(key, target);
      expect([target, out.includes('\r'), out.endsWith('\n'), out.endsWith('\n\n')]).toEqual([
        target,
        false,
        true,
        false,
      ]);
    }
  });

  it('unlocks a PPK whose comment is in a Windows code page, not UTF-8 (the MAC covers raw bytes)', async () => {
    const file = f('cp1252.ppk');
    // Arguments from Node are always UTF-8, so a shell builds the raw 0xE9 byte for puttygen.
    execFileSync('bash', [
      '-c',
      `"$0" -q -t ed25519 -C "$(printf 'caf\\xe9')" -o "$1" --new-passphrase "$2"`,
      tools.puttygen,
      file,
      passFile(dir, PASS),
    ]);
    expect(readFileSync(file).includes(Buffer.from('Comment: caf\xe9\n', 'latin1'))).toBe(true);
    const result = await readKey(readFileSync(file), { passphrase: PASS });
    expect([result.private !== undefined, result.public.comment]).toEqual([true, 'caf\u00e9']);
  });

  it('unencrypted OpenSSH keys with damaged check integers are corrupt', async () => {
    const key = requirePrivate(await readKey(text('ed')));
    const body = Buffer.from(text('ed').split('\n').slice(1, -2).join(''), 'base64');
    const at = body.indexOf(Buffer.from('ssh-ed25519'), 60) - 12; // first check integer
    body[at] = body[at]! ^ 0xff;
    const damaged = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(await codeOf(readKey(damaged))).toBe('corrupt');
    expect(key.comment).toBe('ed-plain');
  });
});
