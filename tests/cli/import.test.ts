import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../main/core/config/profile';
import { runCli } from '../helpers/cli';

const FIX = path.resolve('tests/fixtures/imports');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tk-import-'));
const PLINK =
  'plink.exe -ssh -i C:\\Users\\me\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:Server:4085 -R 4084:Server:4084 -v -N -batch';

describe('tunnelkeeper import', () => {
  it('prints {"profiles":[...],"warnings":[...]} for a plink command line', async () => {
    const r = await runCli(['import', '--from', 'plink', PLINK, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      profiles: { id: string; name: string; forwards: unknown[] }[];
      warnings: unknown[];
    };
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['profiles', 'warnings']));
    expect(out.profiles).toHaveLength(1);
    expect(out.profiles[0]).toMatchObject({
      host: 'clp.tunnel.example.com',
      user: 'rescale',
      verbose: true,
    });
    expect(out.profiles[0]!.forwards).toHaveLength(2);
    expect(out.warnings).toEqual([]);
  });

  it('gives structured warnings (code + message) and names a malformed option', async () => {
    const r = await runCli([
      'import',
      '--from',
      'ssh',
      path.join(FIX, 'provider-tunnel.sh'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      warnings: { code: string; message: string; profile: string }[];
    };
    expect(out.warnings).toEqual([
      {
        code: 'malformed-option',
        message: expect.stringContaining('-R'),
        line: 3,
        profile: expect.any(String),
      },
      expect.objectContaining({ code: 'key-from-agent', message: expect.any(String) }),
    ]);
  });

  it('creates a config with -o, then appends with unique ids, keeping what was there', async () => {
    const dir = tmp();
    const config = path.join(dir, 'config.json');
    const first = await runCli([
      'import',
      '--from',
      'plink',
      path.join(FIX, 'provider-tunnel.bat'),
      '-o',
      config,
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Added to/);
    const second = await runCli([
      'import',
      '--from',
      'auto',
      path.join(FIX, 'provider-tunnel.bat'),
      '-o',
      config,
      '--json',
    ]);
    expect(second.code).toBe(0);
    const { document } = parseConfig(readFileSync(config, 'utf8'));
    expect(document.profiles.map((p) => p.id)).toEqual(['ssh-tunnel-1', 'ssh-tunnel-1-2']);
    expect((JSON.parse(second.stdout) as { profiles: { id: string }[] }).profiles[0]!.id).toBe(
      'ssh-tunnel-1-2',
    );
  });

  it('reads a UTF-16LE .reg export and an RLM file with --host', async () => {
    const dir = tmp();
    const reg = path.join(dir, 'putty.reg');
    const text = readFileSync(path.join(FIX, 'putty-sessions.reg'), 'utf8');
    writeFileSync(reg, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await runCli(['import', '--from', 'putty-reg', reg, '--json']);
    expect(r.code).toBe(0);
    expect(
      (JSON.parse(r.stdout) as { profiles: { name: string }[] }).profiles.map((p) => p.name),
    ).toEqual(['License Proxy (ANSYS)', 'via jump']);
    const rlm = await runCli([
      'import',
      '--from',
      'rlm',
      path.join(FIX, 'converge.lic'),
      '--host',
      'u@proxy',
      '--json',
    ]);
    expect(rlm.code).toBe(0);
    const out = JSON.parse(rlm.stdout) as {
      profiles: { host: string }[];
      warnings: { code: string }[];
    };
    expect(out.profiles[0]!.host).toBe('proxy');
    expect(out.warnings.map((w) => w.code)).toEqual(['vendor-port-not-pinned']);
  });

  it('refuses -pw with the reason on stderr and never writes the password anywhere', async () => {
    const config = path.join(tmp(), 'c.json');
    const r = await runCli([
      'import',
      '--from',
      'plink',
      'plink -ssh -pw S3cretPw u@h -R 1:h:1',
      '-o',
      config,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/password-refused.*-pw was refused/);
    expect(r.stdout + r.stderr + readFileSync(config, 'utf8')).not.toContain('S3cretPw');
  });

  it('fails with exit 1 and writes nothing for garbage, half-broken input or a missing file', async () => {
    const dir = tmp();
    const config = path.join(dir, 'config.json');
    const garbage = path.join(dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from([0, 1, 2, 3, 0, 0, 255, 7, 0, 9]));
    const half = path.join(dir, 'half.reg');
    writeFileSync(
      half,
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sess',
    );
    for (const args of [
      ['--from', 'auto', garbage],
      ['--from', 'putty-reg', half],
      ['--from', 'flexlm', path.join(FIX, 'ssh_config')],
      ['--from', 'plink', path.join(dir, 'missing.bat')],
      ['--from', 'auto', 'hello there'],
    ]) {
      const r = await runCli(['import', ...args, '-o', config]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^tunnelkeeper: import failed: .+\n$/);
      expect(r.stdout).toBe('');
      expect(existsSync(config)).toBe(false);
    }
  });

  it('never destroys an existing config: a malformed one is an error and stays as it was', async () => {
    const config = path.join(tmp(), 'config.json');
    writeFileSync(config, '{"version":1,"profiles":[{"id":"x"}]}');
    const r = await runCli(['import', '--from', 'plink', PLINK, '-o', config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing was imported: invalid config/);
    expect(readFileSync(config, 'utf8')).toBe('{"version":1,"profiles":[{"id":"x"}]}');
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli(['import', '--from', 'telnet', PLINK])).code).toBe(2);
    expect((await runCli(['import', '--from', 'plink'])).code).toBe(2);
    expect(
      (
        await runCli([
          'import',
          '--from',
          'flexlm',
          path.join(FIX, 'converge.lic'),
          '--host',
          'a b',
        ])
      ).code,
    ).toBe(2);
  });
});
