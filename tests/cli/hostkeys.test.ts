/** `tunnelkeeper hostkeys …` against a real sshd: explicit confirmation, hard stop, imports. */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/keytools';
import { requirePeer } from '../helpers/peers';
import { startSshd, type SshdHandle } from '../helpers/sshd';

const run = promisify(execFile);

describe('tunnelkeeper hostkeys', () => {
  let sshd: SshdHandle;
  const dir = tempDir('tk-cli-hk-');
  const env = { TUNNELKEEPER_DATA_DIR: path.join(dir, 'data') };
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('trust needs the confirmed fingerprint, then lists it in Tunnelkeeper’s own file', async () => {
    const target = `127.0.0.1:${sshd.port}`;
    const pending = await runCli(['hostkeys', 'trust', target, '--json'], { env });
    expect(pending.code).toBe(1);
    expect(JSON.parse(pending.stdout)).toMatchObject({
      keyType: 'ssh-ed25519',
      fingerprint: sshd.hostKeyFingerprint,
      confirmation: 'pending',
    });
    expect(pending.stderr).toContain(`--fingerprint ${sshd.hostKeyFingerprint}`);

    const wrong = await runCli(
      ['hostkeys', 'trust', target, '--fingerprint', `SHA256:${'A'.repeat(43)}`],
      { env },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/nothing was trusted/);

    const ok = await runCli(
      ['hostkeys', 'trust', target, '--fingerprint', sshd.hostKeyFingerprint, '--json'],
      { env },
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      added: true,
      knownHostsFile: path.join(env.TUNNELKEEPER_DATA_DIR, 'known_hosts'),
    });
    const again = await runCli(['hostkeys', 'trust', target], { env });
    expect(again.stdout).toMatch(/already trusted/);

    const listed = JSON.parse((await runCli(['hostkeys', 'list', '--json'], { env })).stdout);
    expect(listed.entries).toEqual([
      expect.objectContaining({
        host: `[127.0.0.1]:${sshd.port}`,
        fingerprint: sshd.hostKeyFingerprint,
      }),
    ]);

    expect((await runCli(['hostkeys', 'forget', target], { env })).code).toBe(0);
    expect((await runCli(['hostkeys', 'forget', target], { env })).code).toBe(1);
  });

  it('a changed key is a hard stop with the security warning', async () => {
    const other = path.join(dir, 'other');
    await run(requirePeer('ssh-keygen'), ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const file = path.join(dir, 'changed_known_hosts');
    writeFileSync(file, `[127.0.0.1]:${sshd.port} ${readFileSync(`${other}.pub`, 'utf8')}`);
    const res = await runCli([
      'hostkeys',
      'trust',
      `127.0.0.1:${sshd.port}`,
      '--known-hosts',
      file,
      '--fingerprint',
      sshd.hostKeyFingerprint,
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('SECURITY WARNING');
    expect(res.stderr).toContain('has CHANGED');
    expect(res.stderr).toContain(sshd.hostKeyFingerprint);
    expect(readFileSync(file, 'utf8')).not.toContain(sshd.hostPublicKey.split(' ')[1]);
  });

  it('imports a hashed known_hosts and a PuTTY .reg; pins validate', async () => {
    const kh = path.join(dir, 'import_known_hosts');
    writeFileSync(kh, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    await run(requirePeer('ssh-keygen'), ['-H', '-f', kh]);
    const store = path.join(dir, 'store_kh');
    const imported = await runCli(['hostkeys', 'import', kh, '--known-hosts', store, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'known_hosts', added: 1 });
    const trusted = await runCli([
      'hostkeys',
      'trust',
      `127.0.0.1:${sshd.port}`,
      '--known-hosts',
      store,
    ]);
    expect(trusted.stdout).toMatch(/already trusted/);

    // rsa2 entry in PuTTY's format (e and n as 0x hex), UTF-16LE with BOM as regedit writes it.
    const reg = path.join(dir, 'putty.reg');
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\SshHostKeys]',
      `"rsa2@22:legacy.example.com"="0x10001,0x${'c3'.repeat(128)}"`,
      '',
    ].join('\r\n');
    writeFileSync(reg, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const fromReg = await runCli(['hostkeys', 'import', reg, '--known-hosts', store]);
    expect(fromReg.code).toBe(0);
    expect(fromReg.stdout).toMatch(/imported 1 of 1 .*putty-reg/);
    expect(readFileSync(store, 'utf8')).toMatch(/^legacy\.example\.com ssh-rsa AAAA/m);

    expect(
      (await runCli(['hostkeys', 'pin', 'h:2222', 'not-a-fingerprint', '--known-hosts', store]))
        .code,
    ).toBe(1);
    expect(
      (await runCli(['hostkeys', 'pin', 'h:2222', sshd.hostKeyFingerprint, '--known-hosts', store]))
        .code,
    ).toBe(0);
    const listed = JSON.parse(
      (await runCli(['hostkeys', 'list', '--known-hosts', store, '--json'])).stdout,
    );
    expect(listed.pins).toEqual({ '[h]:2222': [sshd.hostKeyFingerprint] });
    expect((await runCli(['hostkeys', 'pin', 'h'])).code).toBe(2);
  });
});
