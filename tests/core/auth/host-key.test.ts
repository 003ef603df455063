import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprintMatches,
  md5Fingerprint,
  sha256Fingerprint,
} from '../../../main/core/auth/fingerprint';
import * as toolkit from '../../../main/core/keys/fingerprint';
import { prepareHostKeyCheck } from '../../../main/core/auth/host-key';
import { parseKnownHosts } from '../../../main/core/auth/known-hosts';

function blob(type: string): Buffer {
  const name = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  return Buffer.concat([len, name, randomBytes(36)]);
}

const tmpFile = (content = '') => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'tk-kh-')), 'known_hosts');
  writeFileSync(file, content);
  return file;
};

describe('host keys', () => {
  const key = blob('ssh-ed25519');
  const other = blob('ssh-ed25519');

  it('fingerprints match OpenSSH (SHA256 unpadded base64) and plink MD5', () => {
    expect(sha256Fingerprint(key)).toBe(
      `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`,
    );
    expect(md5Fingerprint(key)).toBe(
      `MD5:${createHash('md5').update(key).digest('hex').match(/../g)!.join(':')}`,
    );
  });

  it('one MD5 form everywhere (the key toolkit’s); pins match it with or without the prefix', () => {
    expect(md5Fingerprint).toBe(toolkit.md5Fingerprint);
    expect(sha256Fingerprint).toBe(toolkit.sha256Fingerprint);
    const shown = md5Fingerprint(key);
    const bare = shown.slice('MD5:'.length);
    for (const pin of [shown, bare, bare.toUpperCase(), `md5:${bare}`, ` ${bare} `])
      expect([pin, fingerprintMatches(pin, key)]).toEqual([pin, true]);
    expect(fingerprintMatches(md5Fingerprint(other), key)).toBe(false);
    expect(fingerprintMatches(`${sha256Fingerprint(key)}=`, key)).toBe(true);
  });

  it('pins: match accepts, anything else is a mismatch (and the verifier is synchronous)', async () => {
    const check = await prepareHostKeyCheck('h', 22, {
      pinned: [md5Fingerprint(other), sha256Fingerprint(key)],
      policy: 'strict',
    });
    expect(check.verify(key)).toBe(true);
    expect(check.verdict()).toBe('ok');
    const wrong = await prepareHostKeyCheck('h', 22, {
      pinned: [sha256Fingerprint(other)],
      policy: 'strict',
    });
    expect(wrong.verify(key)).toBe(false);
    expect(wrong.verdict()).toBe('mismatch');
  });

  it('a rekey presenting a different key is a mismatch', async () => {
    const check = await prepareHostKeyCheck('h', 22, {
      pinned: [sha256Fingerprint(key), sha256Fingerprint(other)],
      policy: 'strict',
    });
    expect(check.verify(key)).toBe(true);
    expect(check.verify(other)).toBe(false);
  });

  it('known_hosts: plain, [host]:port, hashed and revoked entries', async () => {
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[srv]:2222').digest('base64')}`;
    const text = [
      '# comment',
      `srv,10.0.0.1 ssh-ed25519 ${key.toString('base64')}`,
      `${hashed} ssh-ed25519 ${other.toString('base64')}`,
      `@revoked * ssh-rsa ${blob('ssh-rsa').toString('base64')}`,
    ].join('\r\n');
    const plain = parseKnownHosts(text, 'srv', 22);
    expect(plain.filter((e) => !e.revoked).map((e) => e.blob.equals(key))).toEqual([true]);
    expect(plain.filter((e) => e.revoked)).toHaveLength(1);
    expect(parseKnownHosts(text, '10.0.0.1', 22).filter((e) => !e.revoked)).toHaveLength(1);
    const onPort = parseKnownHosts(text, 'srv', 2222).filter((e) => !e.revoked);
    expect(onPort).toHaveLength(1);
    expect(onPort[0]!.blob.equals(other)).toBe(true);
  });

  it('known_hosts: known key ok, changed key mismatch, unknown host unknown (strict)', async () => {
    const file = tmpFile(`[srv]:2222 ssh-ed25519 ${key.toString('base64')}\n`);
    const ok = await prepareHostKeyCheck('srv', 2222, {
      pinned: [],
      knownHostsFile: file,
      policy: 'strict',
    });
    expect(ok.verify(key)).toBe(true);
    const changed = await prepareHostKeyCheck('srv', 2222, {
      pinned: [],
      knownHostsFile: file,
      policy: 'accept-new',
    });
    expect(changed.verify(other)).toBe(false);
    expect(changed.verdict()).toBe('mismatch');
    const unknown = await prepareHostKeyCheck('elsewhere', 22, {
      pinned: [],
      knownHostsFile: file,
      policy: 'strict',
    });
    expect(unknown.verify(key)).toBe(false);
    expect(unknown.verdict()).toBe('unknown');
  });

  it('accept-new records a first-seen key only after commit', async () => {
    const file = tmpFile('');
    const check = await prepareHostKeyCheck('new', 22, {
      pinned: [],
      knownHostsFile: file,
      policy: 'accept-new',
    });
    expect(check.verify(key)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('');
    await check.commit();
    expect(readFileSync(file, 'utf8')).toBe(`new ssh-ed25519 ${key.toString('base64')}\n`);
  });
});
