import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../../main/core/causes';
import { ProfileSchema } from '../../../main/core/config/profile';
import {
  buildBundle,
  CATALOGUE,
  detectLang,
  readRecentLog,
  renderAdvice,
  selectAdvice,
  selectCause,
  translate,
  writeBundle,
  VERBATIM_PARAMS,
  type CheckResult,
  type DiagnoseReport,
} from '../../../main/core/diagnostics';
import { VERBATIM_PARAMS as WINDOW_VERBATIM } from '../../../renderer/src/components/troubleshoot/verbatim';
import { checkTcp } from '../../../main/core/diagnostics/checks/tcp';
import { createContext } from '../../../main/core/diagnostics/context';
import { clientOffer, negotiate, parseKexinit } from '../../../main/core/diagnostics/kexinit';
import { classifyConnectError, describeNonSsh } from '../../../main/core/diagnostics/probe';
import { tempDir } from '../../helpers/diag-servers';

const profile = ProfileSchema.parse({
  id: 'p',
  name: 'n',
  host: 'clp.tunnel.example.com',
  port: 443,
  user: 'rescale',
  auth: {
    keyFile: 'C:/keys/id.ppk',
    passwordRef: 'vault-entry',
    passphraseFile: 'C:/keys/pass.txt',
  },
  notes: 'call Bob',
});

function kexinit(lists: string[]): Buffer {
  const parts = [Buffer.from([20]), Buffer.alloc(16)];
  for (const list of lists) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(Buffer.byteLength(list));
    parts.push(len, Buffer.from(list));
  }
  return Buffer.concat([...parts, Buffer.alloc(5)]);
}

describe('advice catalogue', () => {
  it('has every key in both languages, with the same parameters', () => {
    const en = Object.keys(CATALOGUE.en).sort();
    expect(Object.keys(CATALOGUE.ja).sort()).toEqual(en);
    const params = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    // English keeps the CLI's wording (a check's id, the raw error); Japanese says it in words.
    const worded: Record<string, { en: string[]; ja: string[] }> = {
      'detail.failure': { en: ['raw'], ja: ['cause', 'raw'] },
      'detail.skip.failed': { en: ['check'], ja: ['title'] },
      'detail.hostkey.ended': { en: ['raw'], ja: ['cause', 'raw'] },
      'detail.auth.keyNotUsable': { en: ['path', 'raw'], ja: ['path', 'problem'] },
      'detail.chain.passed': { en: ['check', 'hop'], ja: ['hop', 'title'] },
      'detail.chain.failure': { en: ['raw', 'where'], ja: ['cause', 'raw', 'where'] },
    };
    for (const key of en) {
      const k = key as keyof typeof CATALOGUE.en;
      expect(params(CATALOGUE.en[k]), key).toEqual(worded[key]?.en ?? params(CATALOGUE.en[k]));
      expect(params(CATALOGUE.ja[k]), key).toEqual(worded[key]?.ja ?? params(CATALOGUE.en[k]));
      // Translated, unless the text is only parameters and punctuation.
      const words = /[A-Za-z]{3}/.test(CATALOGUE.en[k].replace(/\{\{\w+\}\}/g, ''));
      if (words && CATALOGUE.en[k].length > 12)
        expect(CATALOGUE.ja[k], key).not.toEqual(CATALOGUE.en[k]);
    }
  });

  it('leaves the same parameters untranslated in the window (text from outside)', () => {
    expect(WINDOW_VERBATIM).toEqual(VERBATIM_PARAMS);
  });

  it('titles every cause of the spec in both languages', () => {
    for (const cause of CAUSES) {
      expect(translate(`cause.${cause}`, 'en')).not.toBe(`cause.${cause}`);
      expect(translate(`cause.${cause}`, 'ja')).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it('fills parameters and keeps unknown ones visible', () => {
    expect(translate('auth.checkUser', 'en', { user: 'rescale', host: 'h' })).toContain(
      '"rescale"',
    );
    expect(translate('auth.checkUser', 'ja', { user: 'rescale' })).toContain('{{host}}');
  });

  it('picks the language from LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(detectLang({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(detectLang({ LC_ALL: 'en_US.UTF-8', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(detectLang({ LC_MESSAGES: 'ja_JP', LANG: 'C' })).toBe('ja');
    expect(detectLang({ LANG: 'C.UTF-8' })).toBe('en');
  });
});

describe('cause selection', () => {
  const fail = (id: CheckResult['id'], cause: CheckResult['cause']): CheckResult => ({
    id,
    status: 'fail',
    cause,
    detail: '',
  });
  it('is exactly one: the first failing check in order', () => {
    const checks: CheckResult[] = [
      { id: 'dns', status: 'pass', detail: '' },
      { id: 'hostkey', status: 'warn', detail: '' },
      fail('auth', 'key-locked'),
      fail('targets', 'target-unreachable'),
    ];
    expect(selectCause(checks)).toBe('key-locked');
    expect(selectCause([{ id: 'kex', status: 'warn', detail: '' }])).toBeNull();
    expect(selectCause([{ id: 'kex', status: 'fail', detail: '' }])).toBe('unknown');
  });

  it('puts the failing check’s evidence before the general steps, without repeats', () => {
    const checks = [
      {
        ...fail('tcp', 'tcp-timeout'),
        advice: [{ key: 'tcp.outboundFirewall', params: { host: profile.host, port: 443 } }],
      },
    ];
    const keys = selectAdvice('tcp-timeout', checks, { profile }).map((a) => a.key);
    expect(keys).toEqual(['tcp.outboundFirewall', 'tcp.allowList.find', 'tcp.allowList.openTest']);
  });
});

describe('tcp classification', () => {
  it('maps socket errors to refused / timeout / reset', () => {
    expect(classifyConnectError('ECONNREFUSED')).toBe('refused');
    expect(classifyConnectError('ETIMEDOUT')).toBe('timeout');
    expect(classifyConnectError('ECONNRESET')).toBe('reset');
    expect(classifyConnectError('EHOSTUNREACH')).toBe('unreachable');
  });

  it('a connect that never answers is tcp-timeout, with the allow-list steps', async () => {
    // A dropped SYN cannot be made on loopback; this connector stands in for the network.
    const ctx = createContext(profile, { tcpTimeoutMs: 600 });
    const silent = (address: string, _port: number, timeoutMs: number) =>
      new Promise<{ kind: 'timeout'; code: string; address: string }>((resolve) =>
        setTimeout(() => resolve({ kind: 'timeout', code: 'ETIMEDOUT', address }), timeoutMs),
      );
    const started = Date.now();
    const tcp = await checkTcp(ctx, ['192.0.2.10'], silent);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    expect(tcp.result).toMatchObject({ status: 'fail', cause: 'tcp-timeout' });
    expect(tcp.result.detail).toMatch(/192\.0\.2\.10:443: no answer .* \[600 ms\]/);
    const advice = renderAdvice(selectAdvice('tcp-timeout', [tcp.result], { profile }), 'ja').join(
      '\n',
    );
    expect(advice).toContain('0.0.0.0/0');
    expect(advice).toContain('ポート 443');
  });
});

describe('what answered instead of SSH', () => {
  it('names TLS, HTTP and FTP', () => {
    expect(describeNonSsh(Buffer.from([0x15, 0x03, 0x03, 0, 2, 2, 70])).what).toMatch(/TLS/);
    expect(describeNonSsh(Buffer.from('HTTP/1.1 400 Bad Request\r\n')).what).toMatch(/HTTP/);
    expect(describeNonSsh(Buffer.from('220 ProFTPD ready\r\n')).what).toMatch(/FTP/);
  });
});

describe('kex negotiation from a raw KEXINIT', () => {
  it('lists both sides for the category that has nothing in common', () => {
    const server = parseKexinit(
      kexinit([
        'sntrup761x25519-sha512@openssh.com,kex-strict-s-v00@openssh.com',
        'ssh-ed25519',
        'aes128-ctr',
        'aes128-ctr',
        'hmac-sha2-256',
        'hmac-sha2-256',
        'none',
        'none',
      ]),
    );
    expect(server).toBeDefined();
    const result = negotiate(clientOffer(), server!);
    expect(result.mismatch?.category).toBe('kex');
    expect(result.mismatch?.server).toEqual(['sntrup761x25519-sha512@openssh.com']);
  });

  it('finds a MAC mismatch only when the cipher needs one', () => {
    const lists = (mac: string, cipher: string) => [
      'curve25519-sha256',
      'ssh-ed25519',
      cipher,
      cipher,
      mac,
      mac,
      'none',
      'none',
    ];
    expect(
      negotiate(clientOffer(), parseKexinit(kexinit(lists('hmac-md5', 'aes128-gcm@openssh.com')))!)
        .mismatch,
    ).toBeUndefined();
    expect(
      negotiate(clientOffer(), parseKexinit(kexinit(lists('hmac-md5', 'aes128-ctr')))!).mismatch
        ?.category,
    ).toBe('mac');
  });
});

describe('diagnostic bundle', () => {
  const report: DiagnoseReport = {
    profile: 'p',
    checks: [{ id: 'auth', status: 'fail', cause: 'key-locked', detail: 'key is encrypted' }],
    cause: 'key-locked',
    adviceKeys: [{ key: 'auth.keyLocked', params: { path: 'C:/keys/id.ppk' } }],
    startedAt: new Date().toISOString(),
    durationMs: 5,
    log: ['Outbound: Sending USERAUTH_REQUEST (publickey)', 'passphrase=hunter2 typed'],
  };

  it('holds checks, cause, advice in both languages and versions, never a secret', () => {
    const bundle = buildBundle(report, profile, {
      secrets: ['hunter2'],
      tunnelLog: ['INFO connected', 'WARN hunter2 leaked by a bug'],
    });
    const text = JSON.stringify(bundle);
    expect(bundle.report.cause).toBe('key-locked');
    expect(bundle.report.advice.ja[0]).toContain('パスフレーズ');
    expect(bundle.report.advice.en[0]).toContain('passphrase');
    expect(bundle.versions.node).toBe(process.versions.node);
    expect(bundle.versions.ssh2).toMatch(/^\d+\./);
    expect(text).not.toContain('hunter2');
    expect(bundle.tunnelLog[0]).toBe('INFO connected');
    expect(text).not.toContain('vault-entry');
    expect(text).not.toContain('call Bob');
    expect(text).toContain('C:/keys/id.ppk');
  });

  it('writes a zip that unpacks to the report', async () => {
    const file = path.join(tempDir(), 'bundle.zip');
    await writeBundle(file, buildBundle(report, profile));
    const zip = readFileSync(file);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    // First entry: diagnose.json, deflated.
    const nameLength = zip.readUInt16LE(26);
    const packed = zip.readUInt32LE(18);
    expect(zip.toString('utf8', 30, 30 + nameLength)).toBe('diagnose.json');
    const json = JSON.parse(
      inflateRawSync(zip.subarray(30 + nameLength, 30 + nameLength + packed)).toString('utf8'),
    );
    expect(json.report.cause).toBe('key-locked');
  });

  it('writes a folder, and takes only the tail of up’s log, scrubbed', async () => {
    const logDir = tempDir();
    const lines = Array.from({ length: 700 }, (_, i) => `line ${i} passphrase=hunter2`);
    writeFileSync(path.join(logDir, 'p.log'), `${lines.join('\n')}\n`);
    const tail = await readRecentLog(logDir, 'p', ['hunter2'], 500);
    expect(tail).toHaveLength(500);
    expect(tail[499]).toBe('line 699 passphrase=***');
    expect(await readRecentLog(logDir, 'missing')).toEqual([]);

    const folder = `${path.join(tempDir(), 'bundle')}${path.sep}`;
    await writeBundle(folder, buildBundle(report, profile, { tunnelLog: tail }));
    expect(readdirSync(folder).sort()).toEqual(['diagnose.json', 'protocol.log', 'tunnel.log']);
    expect(readFileSync(path.join(folder, 'tunnel.log'), 'utf8')).not.toContain('hunter2');
  });
});
