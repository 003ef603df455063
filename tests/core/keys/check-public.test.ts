import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPublicKey } from '../../../main/core/keys/check-public';
import { puttygen, sshKeygen, tempDir, tools } from '../../helpers/keytools';

describe('check-public: the paste checker for provider forms', () => {
  const dir = tempDir();
  const lines: Record<string, string> = {};
  const fingerprints: Record<string, string> = {};

  beforeAll(async () => {
    for (const type of ['ed25519', 'rsa', 'ecdsa']) {
      const file = path.join(dir, type);
      await sshKeygen(['-t', type, '-N', '', '-C', `admin@${type}`, '-f', file]);
      lines[type] = readFileSync(`${file}.pub`, 'utf8').trim();
      // ssh-keygen's own fingerprint is the reference, not ours.
      fingerprints[type] = execFileSync(tools.sshKeygen, ['-l', '-f', `${file}.pub`], {
        encoding: 'utf8',
      }).split(' ')[1]!;
    }
    await puttygen([path.join(dir, 'ed25519'), '-O', 'private', '-o', path.join(dir, 'ed.ppk')]);
  }, 60_000);

  it('accepts a good line and gives type and the SHA256 fingerprint ssh-keygen shows', async () => {
    for (const [type, keyType] of [
      ['ed25519', 'ssh-ed25519'],
      ['rsa', 'ssh-rsa'],
      ['ecdsa', 'ecdsa-sha2-nistp256'],
    ] as const) {
      const check = await checkPublicKey(`  ${lines[type]}\r\n`);
      expect(check).toMatchObject({
        ok: true,
        problem: null,
        keyType,
        fingerprint: fingerprints[type],
        comment: `admin@${type}`,
      });
    }
  });

  it('names truncation', async () => {
    const [type, b64] = lines.rsa!.split(' ');
    for (const keep of [0.3, 0.9, 0.99]) {
      const check = await checkPublicKey(
        `${type} ${b64!.slice(0, Math.floor(b64!.length * keep))}`,
      );
      expect([keep, check.ok, check.problem]).toEqual([keep, false, 'truncated']);
    }
  });

  it('names lost leading characters and rebuilds the line when only the type word was hit', async () => {
    for (const lost of [1, 4, 8]) {
      const check = await checkPublicKey(lines.ed25519!.slice(lost));
      expect([lost, check.problem, check.suggestion, check.fingerprint]).toEqual([
        lost,
        'leading-characters-lost',
        lines.ed25519,
        fingerprints.ed25519,
      ]);
    }
    const b64Only = lines.rsa!.slice('ssh-rsa '.length + 3);
    const check = await checkPublicKey(b64Only);
    expect([check.problem, check.suggestion]).toEqual(['leading-characters-lost', lines.rsa]);
  });

  it('names line breaks inside the key and offers the joined line', async () => {
    const wrapped = lines.rsa!.replace(/(.{60})/g, '$1\r\n');
    const check = await checkPublicKey(wrapped);
    expect([check.ok, check.problem, check.suggestion, check.fingerprint]).toEqual([
      false,
      'line-breaks',
      lines.rsa,
      fingerprints.rsa,
    ]);
  });

  it('recognises an RFC 4716 block and offers the one-line form', async () => {
    const block = execFileSync(tools.sshKeygen, ['-e', '-f', path.join(dir, 'ecdsa.pub')], {
      encoding: 'utf8',
    });
    const check = await checkPublicKey(block);
    expect([
      check.problem,
      check.fingerprint,
      check.suggestion?.split(' ').slice(0, 2).join(' '),
    ]).toEqual([
      'rfc4716-block',
      fingerprints.ecdsa,
      lines.ecdsa!.split(' ').slice(0, 2).join(' '),
    ]);
  });

  it('catches a private key pasted by mistake, offering its public half when the file holds one', async () => {
    const openssh = await checkPublicKey(readFileSync(path.join(dir, 'ed25519'), 'utf8'));
    expect([openssh.ok, openssh.problem, openssh.fingerprint]).toEqual([
      false,
      'private-key-pasted',
      fingerprints.ed25519,
    ]);
    const ppk = await checkPublicKey(readFileSync(path.join(dir, 'ed.ppk'), 'utf8'));
    expect([ppk.problem, ppk.suggestion?.split(' ').slice(0, 2).join(' ')]).toEqual([
      'private-key-pasted',
      lines.ed25519!.split(' ').slice(0, 2).join(' '),
    ]);
    expect(JSON.stringify(ppk)).not.toMatch(/Private-Lines/);
  });

  it('catches UTF-16 text (PowerShell ">" output) and gives the plain line', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${lines.ed25519}\r\n`, 'utf16le'),
    ]);
    const check = await checkPublicKey(utf16);
    expect([check.ok, check.problem, check.suggestion, check.fingerprint]).toEqual([
      false,
      'utf16',
      lines.ed25519,
      fingerprints.ed25519,
    ]);
  });

  it('says when the text is no public key at all', async () => {
    for (const text of ['hello world', 'AAAA', 'ssh-ed25519 ####', '']) {
      const check = await checkPublicKey(text);
      expect(check.ok).toBe(false);
      expect(['not-a-public-key', 'invalid-characters', 'truncated', 'empty']).toContain(
        check.problem,
      );
    }
    const typo = await checkPublicKey(lines.ed25519!.replace('AAAA', 'AA”AA'));
    expect(typo.problem).toBe('invalid-characters');
  });
});
