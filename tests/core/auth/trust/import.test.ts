/**
 * Imports: a real OpenSSH known_hosts hashed by `ssh-keygen -H`, and a PuTTY SshHostKeys .reg
 * (UTF-16LE with BOM, as regedit exports it) built in PuTTY's exact cache_str format from real
 * host keys. Fingerprints must equal ssh-keygen's.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { importHostKeys } from '../../../../main/core/auth/trust/import';
import { parsePuttyReg } from '../../../../main/core/auth/trust/putty-reg';
import { TrustStore } from '../../../../main/core/auth/trust/store';
import { SshReader } from '../../../../main/core/keys/sshbuf';
import { tempDir } from '../../../helpers/keytools';
import { requirePeer } from '../../../helpers/peers';

const run = promisify(execFile);
const keygen = () => requirePeer('ssh-keygen');

async function hostKey(
  dir: string,
  type: string,
  bits?: string,
): Promise<{ line: string; blob: Buffer; fp: string }> {
  const file = path.join(dir, `host_${type}${bits ?? ''}`);
  await run(keygen(), ['-q', '-t', type, ...(bits ? ['-b', bits] : []), '-N', '', '-f', file]);
  const line = readFileSync(`${file}.pub`, 'utf8').trim();
  const { stdout } = await run(keygen(), ['-l', '-E', 'sha256', '-f', `${file}.pub`]);
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64'), fp: stdout.split(/\s+/)[1]! };
}

const P = 2n ** 255n - 19n;
const D = (-121665n * modpow(121666n, P - 2n)) % P;
function modpow(b: bigint, e: bigint): bigint {
  let r = 1n;
  b = ((b % P) + P) % P;
  for (; e > 0n; e >>= 1n, b = (b * b) % P) if (e & 1n) r = (r * b) % P;
  return r;
}
/** Ed25519 point decompression (RFC 8032 §5.1.3), to write x the way PuTTY stores it. */
function ed25519Affine(pub: Buffer): { x: bigint; y: bigint } {
  const le = Buffer.from(pub).reverse();
  const sign = (le[0]! & 0x80) !== 0;
  le[0]! &= 0x7f;
  const y = BigInt(`0x${le.toString('hex')}`);
  const u = (y * y - 1n + P) % P;
  const v = (D * y * y + 1n) % P;
  let x = (u * modpow(v, 3n) * modpow(u * modpow(v, 7n), (P - 5n) / 8n)) % P;
  if ((((v * x * x - u) % P) + P) % P !== 0n) x = (x * modpow(2n, (P - 1n) / 4n)) % P;
  if ((x & 1n) !== (sign ? 1n : 0n)) x = P - x;
  return { x, y };
}

const hex = (n: bigint | Buffer) =>
  `0x${typeof n === 'bigint' ? n.toString(16) : BigInt(`0x${n.toString('hex')}`).toString(16)}`;

function puttyValue(blob: Buffer): { id: string; value: string } {
  const r = new SshReader(blob);
  const type = r.text();
  if (type === 'ssh-rsa') {
    const e = r.string();
    const n = r.string();
    return { id: 'rsa2', value: `${hex(e)},${hex(n)}` };
  }
  if (type === 'ssh-ed25519') {
    const { x, y } = ed25519Affine(r.string());
    return { id: type, value: `${hex(x)},${hex(y)}` };
  }
  const curve = r.text();
  const q = r.string();
  const half = (q.length - 1) / 2;
  return {
    id: type,
    value: `${curve},${hex(q.subarray(1, 1 + half))},${hex(q.subarray(1 + half))}`,
  };
}

describe('host key imports', () => {
  it('imports a known_hosts hashed by ssh-keygen -H', async () => {
    const dir = tempDir('tk-imp-');
    const ed = await hostKey(dir, 'ed25519');
    const rsa = await hostKey(dir, 'rsa', '2048');
    const file = path.join(dir, 'known_hosts');
    writeFileSync(file, `[127.0.0.1]:2222 ${ed.line}\nsrv.example.com,10.0.0.5 ${rsa.line}\n`);
    await run(keygen(), ['-H', '-f', file]);
    expect(readFileSync(file, 'utf8')).not.toContain('srv.example.com');

    const store = new TrustStore(path.join(dir, 'ours', 'known_hosts'));
    const report = await importHostKeys(store, file);
    expect(report).toMatchObject({ format: 'known_hosts', added: 3, found: 3 });
    expect(report.keys.map((k) => k.fingerprint)).toEqual([ed.fp, rsa.fp, rsa.fp]);
    expect((await store.lookup('127.0.0.1', 2222, ed.blob)).status).toBe('trusted');
    expect((await store.lookup('10.0.0.5', 22, rsa.blob)).status).toBe('trusted');
    expect((await store.lookup('srv.example.com', 22, ed.blob)).status).toBe('unknown');
    expect((await importHostKeys(store, file)).added).toBe(0);
  });

  it('imports PuTTY SshHostKeys from a UTF-16LE .reg', async () => {
    const dir = tempDir('tk-reg-');
    const ed = await hostKey(dir, 'ed25519');
    const rsa = await hostKey(dir, 'rsa', '2048');
    const ec = await hostKey(dir, 'ecdsa', '256');
    const ec521 = await hostKey(dir, 'ecdsa', '521');
    const lines = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\x]',
      '"HostName"="ignored"',
      '',
      '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\SshHostKeys]',
    ];
    const hosts = [
      [ed, 22, 'gw.example.com'],
      [rsa, 2222, '10.1.2.3'],
      [ec, 22, 'ec.example.com'],
      [ec521, 22, 'ec521.example.com'],
    ] as const;
    for (const [k, port, host] of hosts) {
      const { id, value } = puttyValue(k.blob);
      lines.push(`"${id}@${port}:${host}"="${value}"`);
    }
    lines.push('"ssh-ed25519@22:broken"="0x12"', '');
    const reg = path.join(dir, 'putty.reg');
    writeFileSync(
      reg,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]),
    );

    const parsed = parsePuttyReg(readFileSync(reg));
    expect(parsed.keys.map((k) => k.blob.toString('base64'))).toEqual(
      hosts.map(([k]) => k.blob.toString('base64')),
    );
    expect(parsed.skipped).toEqual([{ name: 'ssh-ed25519@22:broken', reason: expect.any(String) }]);

    const store = new TrustStore(path.join(dir, 'ours', 'known_hosts'));
    const report = await importHostKeys(store, reg);
    expect(report).toMatchObject({ format: 'putty-reg', added: 4, found: 4 });
    expect(report.keys.map((k) => k.fingerprint)).toEqual(hosts.map(([k]) => k.fp));
    expect((await store.lookup('10.1.2.3', 2222, rsa.blob)).status).toBe('trusted');
    const { stdout } = await run(keygen(), ['-F', 'gw.example.com', '-f', store.knownHostsFile]);
    expect(stdout).toContain(ed.line.split(' ')[1]);
  });
});
