import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  keyOnly,
  passFile,
  puttygen,
  puttygenPublic,
  sshKeygen,
  sshKeygenPublic,
  tempDir,
  tools,
} from '../helpers/keytools';

const CLI = path.resolve(__dirname, '../../bin/tunnelkeeper.cjs');

function tk(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'keys', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe('tunnelkeeper keys (CLI contract of cli.md)', () => {
  const dir = tempDir('tk-cli-keys-');
  const f = (name: string) => path.join(dir, name);
  const PASS = 'cli pass 42';
  let pf: string;
  let newPf: string;
  let wrongPf: string;
  let pubLine: string;
  let fingerprint: string;

  beforeAll(async () => {
    pf = passFile(dir, PASS, 'pass');
    newPf = passFile(dir, 'brand new', 'newpass');
    writeFileSync(f('wrongpass'), 'nope\r\n');
    wrongPf = f('wrongpass');
    await puttygen(['-t', 'ed25519', '-C', 'cli-key', '-o', f('key.ppk'), '--new-passphrase', pf]);
    pubLine = keyOnly(execFileSync(tools.puttygen, [f('key.ppk'), '-L'], { encoding: 'utf8' }));
    await puttygen([f('key.ppk'), '-L', '-o', f('key.pub')]);
    fingerprint = execFileSync(tools.sshKeygen, ['-l', '-f', f('key.pub')], {
      encoding: 'utf8',
    }).split(' ')[1]!;
    await sshKeygen(['-t', 'ecdsa', '-m', 'PEM', '-N', PASS, '-f', f('ec.pem')]);
    await sshKeygen(['-t', 'dsa', '-N', '', '-f', f('dsa')]);
    await puttygen(['-t', 'ed448', '-o', f('ed448.ppk'), '--new-passphrase', '/dev/null']);
  }, 60_000);

  it('info --json gives the contract fields; the public part of an encrypted PPK needs no passphrase', () => {
    const r = tk('info', f('key.ppk'), '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(info).toMatchObject({
      format: 'ppk3',
      keyType: 'ssh-ed25519',
      bits: 256,
      encrypted: true,
      comment: 'cli-key',
      fingerprint,
      publicKey: `${pubLine} cli-key`,
    });
    const unlocked = JSON.parse(
      tk('info', f('key.ppk'), '--json', '--passphrase-file', pf).stdout,
    ) as Record<string, unknown>;
    expect(unlocked).toMatchObject({ unlocked: true, fingerprint });
    const pem = JSON.parse(
      tk('info', f('ec.pem'), '--json', '--passphrase-file', pf).stdout,
    ) as Record<string, unknown>;
    expect(pem).toMatchObject({
      format: 'pem-sec1',
      keyType: 'ecdsa-sha2-nistp256',
      bits: 256,
      encrypted: true,
    });
  });

  it('wrong passphrase and missing passphrase: exit 1 with one line naming the cause', () => {
    const wrong = tk('info', f('key.ppk'), '--passphrase-file', wrongPf);
    expect([wrong.code, wrong.stderr]).toEqual([
      1,
      'tunnelkeeper: wrong passphrase for this PuTTY key\n',
    ]);
    const locked = tk('public', f('ec.pem'));
    expect(locked.code).toBe(1);
    expect(locked.stderr).toMatch(
      /^tunnelkeeper: .*encrypted: a passphrase is needed \(give it with --passphrase-file\)\n$/,
    );
    const missing = tk('info', f('nope.ppk'));
    expect([missing.code, missing.stderr.split('\n').length]).toEqual([1, 2]);
  });

  it('usage errors exit 2', () => {
    expect(tk('convert', f('key.ppk'), '-o', f('x')).code).toBe(2);
    expect(tk('convert', f('key.ppk'), '--to', 'putty9', '-o', f('x')).code).toBe(2);
    expect(tk('info').code).toBe(2);
    expect(tk('generate', '--type', 'rsa', '--bits', 'many', '-o', f('x')).code).toBe(2);
    expect(existsSync(f('x'))).toBe(false);
  });

  it('public prints the OpenSSH line or an RFC 4716 block that ssh-keygen imports', () => {
    const line = tk('public', f('key.ppk'));
    expect([line.code, line.stdout]).toEqual([0, `${pubLine} cli-key\n`]);
    const block = tk('public', f('key.ppk'), '--format', 'rfc4716');
    writeFileSync(f('key.rfc'), block.stdout);
    expect(block.stdout).toMatch(/^---- BEGIN SSH2 PUBLIC KEY ----\nComment: "cli-key"\n/);
    expect(
      keyOnly(execFileSync(tools.sshKeygen, ['-i', '-f', f('key.rfc')], { encoding: 'utf8' })),
    ).toBe(pubLine);
  });

  it('convert writes 0600 files the reference tools read, ppk3 with PuTTY-default Argon2id', async () => {
    const ossh = f('conv.openssh');
    const r = tk(
      'convert',
      f('key.ppk'),
      '--to',
      'openssh',
      '-o',
      ossh,
      '--passphrase-file',
      pf,
      '--new-passphrase-file',
      newPf,
      '--comment',
      'renamed',
    );
    expect(r.code).toBe(0);
    expect(mode(ossh)).toBe(0o600);
    expect(readFileSync(ossh, 'utf8')).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
    );
    expect(await sshKeygenPublic(ossh, 'brand new')).toBe(pubLine);

    const ppk = f('conv.ppk');
    expect(
      tk(
        'convert',
        ossh,
        '--to',
        'ppk3',
        '-o',
        ppk,
        '--passphrase-file',
        newPf,
        '--new-passphrase-file',
        pf,
      ).code,
    ).toBe(0);
    const text = readFileSync(ppk, 'utf8');
    expect(text).toMatch(/\nComment: renamed\n/);
    expect(text).toMatch(
      /\nKey-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: \d+\nArgon2-Parallelism: 1\nArgon2-Salt: [0-9a-f]{32}\n/,
    );
    expect(mode(ppk)).toBe(0o600);
    expect(await puttygenPublic(ppk, pf)).toBe(pubLine);

    const plain = f('conv-plain.ppk');
    expect(tk('convert', ossh, '--to', 'ppk2', '-o', plain, '--passphrase-file', newPf).code).toBe(
      0,
    );
    expect(readFileSync(plain, 'utf8')).toMatch(
      /^PuTTY-User-Key-File-2: ssh-ed25519\nEncryption: none\n/,
    );
  });

  it('never overwrites without --force, and writes nothing when it fails', () => {
    const out = f('exists.ppk');
    writeFileSync(out, 'precious\n');
    const refused = tk('convert', f('key.ppk'), '--to', 'ppk3', '-o', out, '--passphrase-file', pf);
    expect([refused.code, readFileSync(out, 'utf8')]).toEqual([1, 'precious\n']);
    expect(refused.stderr).toMatch(/already exists \(use --force to overwrite\)/);
    const forced = tk(
      'convert',
      f('key.ppk'),
      '--to',
      'ppk3',
      '-o',
      out,
      '--passphrase-file',
      pf,
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(
      /^PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n/,
    );
    expect(mode(out)).toBe(0o600);

    const before = readdirSync(dir).sort();
    const wrong = tk(
      'convert',
      f('key.ppk'),
      '--to',
      'openssh',
      '-o',
      f('never'),
      '--passphrase-file',
      wrongPf,
    );
    expect([wrong.code, wrong.stderr]).toEqual([
      1,
      'tunnelkeeper: wrong passphrase for this PuTTY key\n',
    ]);
    const ed448 = tk('convert', f('ed448.ppk'), '--to', 'openssh', '-o', f('never'));
    expect(ed448.code).toBe(1);
    expect(ed448.stderr).toMatch(/OpenSSH cannot use Ed448/);
    const corrupt = f('corrupt.ppk');
    writeFileSync(
      corrupt,
      readFileSync(f('key.ppk'), 'utf8').replace('Comment: cli-key', 'Comment: cli-kez'),
    );
    const bad = tk(
      'convert',
      corrupt,
      '--to',
      'openssh',
      '-o',
      f('never'),
      '--passphrase-file',
      pf,
    );
    expect([bad.code, bad.stderr]).toEqual([
      1,
      'tunnelkeeper: PuTTY key file is corrupt: its MAC does not match (the file was changed or damaged)\n',
    ]);
    expect(readdirSync(dir).sort()).toEqual([...before, 'corrupt.ppk'].sort());
  });

  it('converts DSA with a warning that OpenSSH 10 dropped it', async () => {
    const r = tk('convert', f('dsa'), '--to', 'ppk3', '-o', f('dsa.ppk'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: DSA keys are obsolete: OpenSSH 10 removed DSA support/);
    expect(await puttygenPublic(f('dsa.ppk'))).toBe(keyOnly(readFileSync(f('dsa.pub'), 'utf8')));
  });

  it('generate writes <out> (0600) and <out>.pub for every type, readable by the reference tools', async () => {
    const ed = f('gen-ed');
    const r = tk('generate', '-o', ed, '--comment', 'made here', '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, string>;
    expect(summary).toMatchObject({
      keyType: 'ssh-ed25519',
      format: 'openssh',
      comment: 'made here',
    });
    expect(mode(ed)).toBe(0o600);
    const pub = readFileSync(`${ed}.pub`, 'utf8');
    expect(pub).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/]+ made here\n$/);
    expect(await sshKeygenPublic(ed)).toBe(keyOnly(pub));
    expect(
      execFileSync(tools.sshKeygen, ['-l', '-f', `${ed}.pub`], { encoding: 'utf8' }).split(' ')[1],
    ).toBe(summary.fingerprint);

    const rsa = f('gen-rsa.ppk');
    expect(
      tk('generate', '--type', 'rsa', '--format', 'ppk3', '--new-passphrase-file', pf, '-o', rsa)
        .code,
    ).toBe(0);
    expect(await puttygenPublic(rsa, pf)).toBe(keyOnly(readFileSync(`${rsa}.pub`, 'utf8')));
    expect(execFileSync(tools.sshKeygen, ['-l', '-f', `${rsa}.pub`], { encoding: 'utf8' })).toMatch(
      /^3072 SHA256:/,
    );

    const ec = f('gen-ec');
    expect(
      tk('generate', '--type', 'ecdsa', '--bits', '384', '--format', 'pem', '-o', ec).code,
    ).toBe(0);
    expect(readFileSync(ec, 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(await sshKeygenPublic(ec)).toBe(keyOnly(readFileSync(`${ec}.pub`, 'utf8')));

    const again = tk('generate', '-o', ed);
    expect([again.code, readFileSync(`${ed}.pub`, 'utf8')]).toEqual([1, pub]);
    expect(tk('generate', '--type', 'rsa', '--bits', '1024', '-o', f('weak')).code).toBe(1);
    expect(existsSync(f('weak')) || existsSync(f('weak.pub'))).toBe(false);
  });

  it('check-public --json reports ok, type, fingerprint and problem, exit 0 or 1', () => {
    const good = tk('check-public', `${pubLine} cli-key`, '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      ok: true,
      keyType: 'ssh-ed25519',
      fingerprint,
      problem: null,
    });
    const cut = tk('check-public', pubLine.slice(0, -10), '--json');
    expect(cut.code).toBe(1);
    expect(JSON.parse(cut.stdout)).toMatchObject({ ok: false, problem: 'truncated' });
    const block = tk('check-public', readFileSync(f('key.rfc'), 'utf8'), '--json');
    expect(JSON.parse(block.stdout)).toMatchObject({
      ok: false,
      problem: 'rfc4716-block',
      fingerprint,
      suggestion: `${pubLine} cli-key`,
    });
    const priv = tk('check-public', readFileSync(f('key.ppk'), 'utf8'), '--json');
    expect(JSON.parse(priv.stdout)).toMatchObject({ ok: false, problem: 'private-key-pasted' });
    writeFileSync(
      f('u16.pub'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${pubLine} cli-key\r\n`, 'utf16le')]),
    );
    const u16 = tk('check-public', '--file', f('u16.pub'), '--json');
    expect(JSON.parse(u16.stdout)).toMatchObject({ ok: false, problem: 'utf16', fingerprint });
  });
});
