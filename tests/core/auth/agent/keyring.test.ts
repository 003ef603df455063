import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentClient } from '../../../../main/core/auth/agent/client';
import { decodeAgentKey, encodeAgentKey } from '../../../../main/core/auth/agent/key-wire';
import { Keyring } from '../../../../main/core/auth/agent/keyring';
import { serveAgent } from '../../../../main/core/auth/agent/server';
import { checkServeName, defaultServeSocket } from '../../../../main/core/auth/agent/socket-path';
import { frame, FrameDecoder, MSG, SIGN_FLAGS } from '../../../../main/core/auth/agent/wire';
import { generateKey } from '../../../../main/core/keys/generate';
import { toPkcs8 } from '../../../../main/core/keys/asn1-keys';
import { SshReader } from '../../../../main/core/keys/sshbuf';
import path from 'node:path';
import { tempDir } from '../../../helpers/keytools';

afterEach(() => vi.useRealTimers());

function pubKeyOf(key: Awaited<ReturnType<typeof generateKey>>) {
  return createPublicKey(createPrivateKey({ key: toPkcs8(key), format: 'der', type: 'pkcs8' }));
}

describe('keyring and agent wire format', () => {
  it('ECDSA signatures are mpint r ‖ mpint s and verify', async () => {
    const key = await generateKey({ type: 'ecdsa', bits: 384, comment: 'e' });
    const keyring = new Keyring();
    keyring.add(key);
    const sig = new SshReader(keyring.sign(key.blob, Buffer.from('data'), 0));
    expect(sig.text()).toBe('ecdsa-sha2-nistp384');
    const inner = new SshReader(sig.string());
    const r = inner.string();
    const s = inner.string();
    const strip = (b: Buffer) => (b[0] === 0 ? b.subarray(1) : b);
    const p1363 = Buffer.concat([
      strip(r).length < 48 ? Buffer.alloc(48 - strip(r).length) : Buffer.alloc(0),
      strip(r),
      strip(s).length < 48 ? Buffer.alloc(48 - strip(s).length) : Buffer.alloc(0),
      strip(s),
    ]);
    expect(
      verify(
        'sha384',
        Buffer.from('data'),
        { key: pubKeyOf(key), dsaEncoding: 'ieee-p1363' },
        p1363,
      ),
    ).toBe(true);
    keyring.close();
  });

  it('RSA flags choose rsa-sha2-512 / rsa-sha2-256 / ssh-rsa', async () => {
    const key = await generateKey({ type: 'rsa', bits: 2048, comment: 'r' });
    const keyring = new Keyring();
    keyring.add(key);
    const alg = (flags: number) =>
      new SshReader(keyring.sign(key.blob, Buffer.from('x'), flags)).text();
    expect(alg(SIGN_FLAGS.RSA_SHA2_512)).toBe('rsa-sha2-512');
    expect(alg(SIGN_FLAGS.RSA_SHA2_256)).toBe('rsa-sha2-256');
    expect(alg(0)).toBe('ssh-rsa');
    const r = new SshReader(keyring.sign(key.blob, Buffer.from('x'), SIGN_FLAGS.RSA_SHA2_256));
    r.text();
    expect(verify('sha256', Buffer.from('x'), pubKeyOf(key), r.string())).toBe(true);
    keyring.close();
  });

  it('ADD_IDENTITY encoding round-trips every key type', async () => {
    for (const opts of [
      { type: 'ed25519' },
      { type: 'rsa', bits: 2048 },
      { type: 'ecdsa', bits: 521 },
    ] as const) {
      const key = await generateKey({ ...opts, comment: `c-${opts.type}` });
      const back = decodeAgentKey(new SshReader(encodeAgentKey(key)));
      expect(back.blob.equals(key.blob)).toBe(true);
      expect(back.comment).toBe(`c-${opts.type}`);
    }
  });

  it('auto-locks after idle: keys stay listed but are not offered', async () => {
    vi.useFakeTimers();
    const keyring = new Keyring({ idleLockMs: 60_000 });
    const key = await generateKey({ type: 'ed25519', comment: 'idle' });
    keyring.add(key);
    expect(keyring.identities()).toHaveLength(1);
    vi.advanceTimersByTime(59_000);
    keyring.sign(key.blob, Buffer.from('use'), 0); // use resets the idle clock
    vi.advanceTimersByTime(59_000);
    expect(keyring.identities()).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(keyring.identities()).toHaveLength(0);
    expect(keyring.list()[0]).toMatchObject({ locked: true, comment: 'idle' });
    expect(() => keyring.sign(key.blob, Buffer.from('x'), 0)).toThrow(/locked/);
    keyring.close();
  });

  it('our client talks to our server: add, list, sign, remove; junk is refused', async () => {
    const keyring = new Keyring();
    const served = await serveAgent(keyring, path.join(tempDir('tk-ag-'), 's', 'agent.sock'));
    const client = new AgentClient(served.socket);
    const key = await generateKey({ type: 'ed25519', comment: 'via-client' });
    await client.add(key, 60);
    const [listed] = await client.list();
    expect(listed).toMatchObject({ comment: 'via-client', keyType: 'ssh-ed25519' });
    expect(keyring.list()[0]?.expiresAt).toBeTruthy();
    const sig = new SshReader(await client.sign(key.blob, Buffer.from('d')));
    expect(sig.text()).toBe('ssh-ed25519');
    expect(verify(null, Buffer.from('d'), pubKeyOf(key), sig.string())).toBe(true);
    expect((await client.request(MSG.EXTENSION, Buffer.from('junk'))).type).toBe(MSG.FAILURE);
    await client.remove(key.blob);
    expect(await client.list()).toEqual([]);
    await expect(client.remove(key.blob)).rejects.toThrow(/refused/);
    await served.close();
  });

  it('frames: split chunks reassemble; oversized frames are rejected', () => {
    const d = new FrameDecoder();
    const f = frame(MSG.REQUEST_IDENTITIES);
    expect(d.push(f.subarray(0, 3))).toEqual([]);
    expect(d.push(f.subarray(3))).toHaveLength(1);
    const big = Buffer.alloc(4);
    big.writeUInt32BE(10_000_000);
    expect(() => new FrameDecoder().push(big)).toThrow(/length/);
  });

  it('never serves under another agent name', () => {
    expect(() => checkServeName('\\\\.\\pipe\\openssh-ssh-agent')).toThrow(/another agent/);
    expect(() => checkServeName('\\\\.\\pipe\\pageant.bob.abc')).toThrow(/another agent/);
    expect(defaultServeSocket({}, 'win32')).toMatch(/^\\\\\.\\pipe\\tunnelkeeper-agent\./);
    expect(defaultServeSocket({ XDG_RUNTIME_DIR: '/run/user/1' }, 'linux')).toMatch(
      /^\/run\/user\/1\/tunnelkeeper-agent-/,
    );
  });
});

describe('socket folder', () => {
  it('refuses a folder other users can enter instead of chmod-ing it', async () => {
    const { chmodSync, mkdirSync } = await import('node:fs');
    const open = path.join(tempDir('tk-open-'), 'shared');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    await expect(serveAgent(new Keyring(), path.join(open, 'agent.sock'))).rejects.toThrow(
      /open to other users/,
    );
  });
});
