import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSES } from '../../main/core/causes';
import { ProfileSchema } from '../../main/core/config/profile';
import { runCli } from '../helpers/cli';
import {
  closedPort,
  generateKey,
  sshdProfile,
  tempDir,
  writeConfig,
} from '../helpers/diag-servers';
import { startSshd, type SshdHandle } from '../helpers/sshd';

/** `tunnelkeeper diagnose` as users and scripts run it: the JSON contract and the exit codes. */
const IDS = ['dns', 'tcp', 'banner', 'kex', 'hostkey', 'auth', 'forwards', 'targets'];
const dir = tempDir();
// up's data folder (known_hosts, logs): a private one, never the user's.
const dataDir = path.join(dir, 'data');
const EN_ENV = {
  LANG: 'en_US.UTF-8',
  LC_ALL: '',
  LC_MESSAGES: '',
  TUNNELKEEPER_DATA_DIR: dataDir,
  TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'runtime'),
};

/** The entries of a zip written by the bundle (deflate, no data descriptors). */
function unzip(zip: Buffer): Record<string, string> {
  const files: Record<string, string> = {};
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const packed = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    files[name] = inflateRawSync(zip.subarray(start, start + packed)).toString('utf8');
    at = start + packed;
  }
  return files;
}

let sshd: SshdHandle;
let config: string;

beforeAll(async () => {
  sshd = await startSshd();
  const passphraseFile = path.join(dir, 'pass.txt');
  writeFileSync(passphraseFile, 's3cret-Passphrase\n');
  const lockedKey = generateKey(dir, 'locked', 's3cret-Passphrase');
  const stranger = generateKey(dir, 'stranger');
  config = writeConfig(dir, [
    sshdProfile(sshd, { id: 'healthy', name: 'Healthy' }),
    sshdProfile(sshd, { id: 'stranger', name: 'Stranger', auth: { keyFile: stranger } }),
    sshdProfile(sshd, {
      id: 'unlocked',
      name: 'Unlocked but unknown',
      auth: { keyFile: lockedKey, passphraseFile, passwordRef: 'vault-entry' },
    }),
    sshdProfile(sshd, { id: 'trusted-by-up', name: 'Trusted by up', hostKey: { pinned: [] } }),
    ProfileSchema.parse({
      id: 'refused',
      name: 'Refused',
      host: '127.0.0.1',
      port: await closedPort(),
      user: 'u',
    }),
  ]);
});
afterAll(async () => {
  await sshd?.stop();
});

function parse(stdout: string) {
  return JSON.parse(stdout) as {
    profile: string;
    checks: { id: string; status: string; detail: string }[];
    cause: string | null;
    advice: string[];
    adviceKeys: { key: string; params?: Record<string, unknown> }[];
  };
}

describe('tunnelkeeper diagnose', () => {
  it('healthy profile: exit 0, the spec’s JSON shape, cause null', async () => {
    const r = await runCli(['diagnose', '--config', config, '--profile', 'healthy', '--json'], {
      env: EN_ENV,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = parse(r.stdout);
    expect(out.profile).toBe('healthy');
    expect(out.checks.map((c) => c.id)).toEqual(IDS);
    for (const c of out.checks) {
      expect(['pass', 'fail', 'warn', 'skip']).toContain(c.status);
      expect(typeof c.detail).toBe('string');
    }
    expect(out.checks.every((c) => c.status === 'pass')).toBe(true);
    expect(out.cause).toBeNull();
    expect(out.advice).toEqual([]);
  });

  it('a found cause: exit 1, one line on stderr, advice strings and their keys', async () => {
    const r = await runCli(
      [
        'diagnose',
        '--config',
        config,
        '--profile',
        'refused',
        '--json',
        '--lang',
        'en',
        '--tcp-timeout',
        '2',
      ],
      { env: EN_ENV },
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/tcp-refused/);
    const out = parse(r.stdout);
    expect(CAUSES).toContain(out.cause);
    expect(out.cause).toBe('tcp-refused');
    expect(out.checks.map((c) => `${c.id}:${c.status}`).slice(0, 4)).toEqual([
      'dns:pass',
      'tcp:fail',
      'banner:skip',
      'kex:skip',
    ]);
    expect(out.advice.length).toBe(out.adviceKeys.length);
    expect(out.advice.length).toBeGreaterThanOrEqual(3);
    expect(out.advice.join('\n')).toMatch(/allowed IP \/ CIDR/);
  });

  it('speaks Japanese when LANG says so, English with --lang en', async () => {
    const ja = await runCli(['diagnose', '--config', config, '--profile', 'stranger', '--json'], {
      env: { ...EN_ENV, LANG: 'ja_JP.UTF-8' },
    });
    const en = await runCli(
      ['diagnose', '--config', config, '--profile', 'stranger', '--json', '--lang', 'en'],
      {
        env: { ...EN_ENV, LANG: 'ja_JP.UTF-8' },
      },
    );
    const jaOut = parse(ja.stdout);
    const enOut = parse(en.stdout);
    expect(jaOut.cause).toBe('auth-rejected');
    expect(jaOut.adviceKeys).toEqual(enOut.adviceKeys);
    expect(jaOut.advice.join('\n')).toContain('公開鍵');
    expect(enOut.advice.join('\n')).toContain('public key');
    expect(enOut.advice.join('\n')).not.toMatch(/[\u3040-\u30ff]/);
  });

  it('human output reads top to bottom: checks, cause, numbered steps', async () => {
    const r = await runCli(['diagnose', '--config', config, '--profile', 'stranger'], {
      env: EN_ENV,
    });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const order = IDS.map((id) =>
      lines.findIndex((l) => new RegExp(`^\\[(OK  |FAIL|WARN|SKIP)\\] ${id} `).test(l)),
    );
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!))).toBe(true);
    expect(r.stdout).toMatch(/\[FAIL\] auth/);
    expect(r.stdout).toMatch(/Cause: auth-rejected — The server refused every credential offered/);
    expect(r.stdout).toMatch(/What to do:\n {2}1\. /);
  });

  it('writes a bundle with the report and up’s recent log, without any secret', async () => {
    // up's log for this profile, with a line a buggy component might have written.
    mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
    writeFileSync(
      path.join(dataDir, 'logs', 'unlocked.log'),
      'INFO connected\nWARN passphrase s3cret-Passphrase seen\nINFO forward lic listening\n',
    );
    const bundle = path.join(dir, 'support.zip');
    const r = await runCli(
      ['diagnose', '--config', config, '--profile', 'unlocked', '--json', '--bundle', bundle],
      { env: EN_ENV },
    );
    expect(parse(r.stdout).cause).toBe('auth-rejected');
    const zip = readFileSync(bundle);
    const files = unzip(zip);
    expect(Object.keys(files)).toEqual(['diagnose.json', 'protocol.log', 'tunnel.log']);
    const doc = JSON.parse(files['diagnose.json']!);
    expect(doc.report.checks.map((c: { id: string }) => c.id)).toEqual(IDS);
    expect(doc.report.advice.ja.length).toBeGreaterThan(0);
    expect(doc.versions.tunnelkeeper).toMatch(/^\d/);
    expect(files['protocol.log']).toMatch(/USERAUTH_REQUEST/);
    expect(files['tunnel.log']).toContain('INFO forward lic listening');
    for (const text of Object.values(files)) {
      expect(text).not.toContain('s3cret');
      expect(text).not.toContain('vault-entry');
    }
  });

  it('trusts the host keys up trusts (the data folder’s known_hosts)', async () => {
    const args = ['diagnose', '--config', config, '--profile', 'trusted-by-up', '--json'];
    const before = parse((await runCli(args, { env: EN_ENV })).stdout);
    expect(before.cause).toBe('hostkey-unknown');
    const [type, blob] = sshd.hostPublicKey.split(/\s+/);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${type} ${blob}\n`);
    const after = await runCli(args, { env: EN_ENV });
    expect(parse(after.stdout).cause).toBeNull();
    expect(after.code).toBe(0);
  });

  it('usage errors exit 2; an unknown profile exits 1', async () => {
    expect((await runCli(['diagnose', '--config', config], { env: EN_ENV })).code).toBe(2);
    expect(
      (
        await runCli(['diagnose', '--config', config, '--profile', 'healthy', '--lang', 'fr'], {
          env: EN_ENV,
        })
      ).code,
    ).toBe(2);
    const missing = await runCli(['diagnose', '--config', config, '--profile', 'nope'], {
      env: EN_ENV,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no profile "nope".*healthy/);
  });

  it('documents the exit status in --help', async () => {
    const r = await runCli(['diagnose', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit status: 0 when every check passed/);
  });
});
