import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importInput } from '../../../main/core/imports/import';
import { decodeSessionName } from '../../../main/core/imports/reg-file';
import { decodeText } from '../../../main/core/imports/text';
import { codes, fixture, fixturePath, imported, OPTIONS } from './helpers';

/** regedit writes .reg exports as UTF-16LE with a BOM. */
function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

describe('PuTTY sessions (.reg)', () => {
  const utf8 = fixture('putty-sessions.reg');

  it('reads the UTF-16LE (BOM) export exactly like the UTF-8 one', () => {
    const fromUtf16 = importInput(
      'auto',
      { text: decodeText(utf16(utf8)), name: 'x.reg' },
      OPTIONS,
    );
    const fromUtf8 = importInput(
      'auto',
      { text: decodeText(readFileSync(fixturePath('putty-sessions.reg'))), name: 'x.reg' },
      OPTIONS,
    );
    expect(fromUtf16.source).toBe('putty-reg');
    expect(fromUtf16).toEqual(fromUtf8);
  });

  it('decodes session names, reads user@HostName, key, keepalive, forwards (4/6, binds, escapes), host keys', () => {
    const { profiles } = imported('putty-reg', utf8);
    expect(profiles.map((p) => p.name)).toEqual(['License Proxy (ANSYS)', 'via jump']);
    const p = profiles[0]!;
    expect(p).toMatchObject({
      id: 'license-proxy-ansys',
      host: 'clp.tunnel.example.com',
      user: 'rescale',
      port: 22,
      auth: { keyFile: 'C:\\Users\\me\\.ssh\\id_rsa.ppk', agent: true },
      keepalive: { intervalSeconds: 30 },
      hostKey: { pinned: ['SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'] },
    });
    expect(p.forwards).toEqual([
      {
        type: 'remote',
        id: 'R1055',
        bindPort: 1055,
        targetHost: 'licsrv',
        targetPort: 1055,
      },
      {
        type: 'remote',
        id: 'R2325',
        bindPort: 2325,
        targetHost: 'licsrv',
        targetPort: 2325,
      },
      {
        type: 'local',
        id: 'L8080',
        bindAddress: '127.0.0.1',
        bindPort: 8080,
        targetHost: 'web,internal',
        targetPort: 80,
      },
      { type: 'dynamic', id: 'D1080', bindAddress: '127.0.0.1', bindPort: 1080 },
      {
        type: 'local',
        id: 'L9090',
        bindAddress: '::1',
        bindPort: 9090,
        targetHost: 'fe80::2',
        targetPort: 90,
      },
    ]);
  });

  it('skips Default Settings without a host and non-SSH sessions; names the jump host; never leaks the proxy password', () => {
    const { profiles, warnings } = imported('putty-reg', utf8);
    expect(profiles.some((p) => p.name === 'Default Settings')).toBe(false);
    expect(codes(warnings)).toEqual(['skipped-session', 'password-not-imported']);
    expect(profiles[1]).toMatchObject({
      host: 'inner.example.com',
      port: 2222,
      user: 'ops',
      jumps: [{ host: 'bastion.example.com', port: 22, user: 'jumper' }],
    });
    expect(JSON.stringify(warnings)).not.toContain('do-not-leak');
  });

  it('reads accept-all flags, a SOCKS proxy, TryAgent=0, legacy PingInterval (minutes) and REGEDIT4', () => {
    const reg = [
      'REGEDIT4',
      '',
      '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\%E3%83%A9%E3%82%A4%E3%82%BB%E3%83%B3%E3%82%B9]',
      '"HostName"="h.example.com"',
      '"UserName"="u"',
      '"TryAgent"=dword:00000000',
      '"PingInterval"=dword:00000001',
      '"LocalPortAcceptAll"=dword:00000001',
      '"PortForwardings"="L8080=web:80,R9000=t:9000,D1080"',
      '"ProxyMethod"=dword:00000002',
      '"ProxyHost"="socks.corp"',
      '"ProxyPort"=dword:00000438',
    ].join('\r\n');
    const { profiles, warnings } = imported('putty-reg', reg);
    expect(profiles[0]!.name).toBe('ライセンス');
    expect(profiles[0]!.auth.agent).toBe(false);
    expect(profiles[0]!.keepalive.intervalSeconds).toBe(60);
    expect(profiles[0]!.forwards.map((f) => f.bindAddress)).toEqual(['*', undefined, '*']);
    expect(profiles[0]!.proxy).toEqual({ type: 'socks5', host: 'socks.corp', port: 1080 });
    expect(codes(warnings)).not.toContain('proxy-not-applied');
  });

  it('decodes %XX names, in UTF-8 or the Japanese ANSI code page', () => {
    expect(decodeSessionName('My%20Tunnel%2A')).toBe('My Tunnel*');
    expect(decodeSessionName('%83%89%83%43%83%5A%83%93%83%58')).toBe('ライセンス');
  });

  it('refuses files that are not registry exports, or hold no sessions, with a clear error', () => {
    expect(() => imported('putty-reg', 'hello')).toThrow(/not a registry export/);
    expect(() =>
      imported(
        'putty-reg',
        'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Foo]\r\n',
      ),
    ).toThrow(/no PuTTY sessions/);
    expect(() =>
      imported(
        'putty-reg',
        'Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\Default%20Settings]\r\n"HostName"=""\r\n',
      ),
    ).toThrow(/no SSH session/);
  });
});
