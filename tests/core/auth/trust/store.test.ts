import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../../../../main/core/auth/fingerprint';
import { parseHostPort } from '../../../../main/core/auth/trust/known-hosts-file';
import { TrustStore } from '../../../../main/core/auth/trust/store';
import { TofuGate } from '../../../../main/core/auth/trust/tofu';
import { tempDir } from '../../../helpers/keytools';

function blob(type = 'ssh-ed25519'): Buffer {
  const name = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  return Buffer.concat([len, name, randomBytes(36)]);
}

describe('trust store', () => {
  it('trusts hashed and plain, forgets one name of a comma list, lists without revealing hashed names', async () => {
    const dir = tempDir('tk-store-');
    const file = path.join(dir, 'kh');
    const a = blob();
    const b = blob('ssh-rsa');
    writeFileSync(file, `# comment kept\nalpha,beta ${'ssh-rsa'} ${b.toString('base64')}\n`);
    const store = new TrustStore(file);
    expect(await store.trust('gamma', 2222, a, { hash: true })).toBe(true);
    expect(await store.trust('gamma', 2222, a, { hash: true })).toBe(false);
    expect((await store.lookup('gamma', 2222, a)).status).toBe('trusted');
    expect((await store.lookup('gamma', 22, a)).status).toBe('unknown');
    expect((await store.lookup('gamma', 2222, blob())).status).toBe('changed');
    expect((await store.lookup('gamma', 2222, blob('ecdsa-sha2-nistp256'))).status).toBe('unknown');
    expect(readFileSync(file, 'utf8')).not.toContain('gamma');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const listed = await store.list();
    expect(listed).toHaveLength(2);
    expect(listed[1]).toMatchObject({
      host: null,
      hashed: true,
      fingerprint: sha256Fingerprint(a),
    });

    expect(await store.forget('beta', 22)).toBe(1);
    expect((await store.lookup('alpha', 22, b)).status).toBe('trusted');
    expect((await store.lookup('beta', 22, b)).status).toBe('unknown');
    expect(readFileSync(file, 'utf8')).toContain('# comment kept');
    expect(await store.forget('gamma', 2222)).toBe(1);
    expect((await store.lookup('gamma', 2222, a)).status).toBe('unknown');
  });

  it('pins decide alone; @revoked refuses', async () => {
    const dir = tempDir('tk-pin-');
    const a = blob();
    const store = new TrustStore(path.join(dir, 'kh'));
    await store.pin('h', 22, sha256Fingerprint(a));
    expect((await store.lookup('h', 22, a)).status).toBe('trusted');
    expect((await store.lookup('h', 22, blob())).status).toBe('changed');
    writeFileSync(store.knownHostsFile, `@revoked h ssh-ed25519 ${a.toString('base64')}\n`);
    await store.forget('h', 22);
    expect((await store.lookup('h', 22, a)).status).toBe('revoked');
  });

  it('confirm once trusts for this process only; reject stops asking', async () => {
    const dir = tempDir('tk-once-');
    const store = new TrustStore(path.join(dir, 'kh'));
    const gate = new TofuGate(store);
    const key = blob();
    let check = await gate.prepare('h', 22);
    expect(check.verify(key)).toBe(false);
    const v = check.verdict();
    if (v.kind !== 'pending') throw new Error(v.kind);
    await v.confirmation.confirm('once');
    check = await gate.prepare('h', 22);
    expect(check.verify(key)).toBe(true);
    // a rekey presenting another key is a change
    expect(check.verify(blob())).toBe(false);
    expect(check.verdict().kind).toBe('changed');
    expect(await store.list()).toEqual([]);
    expect(await new TofuGate(store).prepare('h', 22).then((c) => c.verify(key))).toBe(false);

    const other = new TofuGate(store);
    const c2 = await other.prepare('x', 22);
    c2.verify(key);
    const p = c2.verdict();
    if (p.kind !== 'pending') throw new Error(p.kind);
    p.confirmation.reject();
    const c3 = await other.prepare('x', 22);
    expect(c3.verify(key)).toBe(false);
    expect(c3.verdict().kind).toBe('rejected');
  });

  it('parses host[:port] forms', () => {
    expect(parseHostPort('h')).toEqual({ host: 'h', port: 22 });
    expect(parseHostPort('h:2222')).toEqual({ host: 'h', port: 2222 });
    expect(parseHostPort('[h]:2222')).toEqual({ host: 'h', port: 2222 });
    expect(parseHostPort('[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(parseHostPort('::1')).toEqual({ host: '::1', port: 22 });
  });
});
