import { describe, expect, it } from 'vitest';
import { exportProfile } from '../../../main/core/imports/export';
import { codes, imported } from './helpers';

/** Jump hosts and proxies: read from every source, written back where the target can say it. */
describe('jump hosts and proxies in imports and exports', () => {
  it('reads a -J chain with IPv6 literals, ports and ssh:// URIs', () => {
    const { profiles, warnings } = imported(
      'ssh',
      'ssh -i ~/.ssh/k -J ops@[2001:db8::1]:2222,ssh://gw@h2:2200 lic@[::1] -L [::1]:8080:[fe80::1]:80',
    );
    const p = profiles[0]!;
    expect(p.host).toBe('::1');
    expect(p.jumps?.map((j) => [j.user, j.host, j.port, j.auth.keyFile])).toEqual([
      ['ops', '2001:db8::1', 2222, '/home/localadmin/.ssh/k'],
      ['gw', 'h2', 2200, '/home/localadmin/.ssh/k'],
    ]);
    expect(p.forwards[0]).toMatchObject({ bindAddress: '::1', targetHost: 'fe80::1' });
    expect(codes(warnings)).toEqual([]);
  });

  it('defaults a jump user to the local user, and says so', () => {
    const { profiles, warnings } = imported('ssh', 'ssh -J bastion u@h -N');
    expect(profiles[0]!.jumps?.[0]?.user).toBe('localadmin');
    expect(warnings.find((w) => w.code === 'user-defaulted')?.message).toMatch(/jump host bastion/);
  });

  it('turns proxy commands that wrap a jump host or a proxy into the profile fields', () => {
    const viaSsh = imported('ssh', 'ssh -o "ProxyCommand=ssh -q -W %h:%p -p 2200 ops@bastion" u@h');
    expect(viaSsh.profiles[0]!.jumps?.[0]).toMatchObject({
      host: 'bastion',
      port: 2200,
      user: 'ops',
    });
    const viaPlink = imported(
      'plink',
      'plink -proxycmd "plink.exe -ssh -P 2222 -l jump -i C:\\k\\j.ppk bastion -nc %host:%port" u@h',
    );
    expect(viaPlink.profiles[0]!.jumps?.[0]).toMatchObject({
      host: 'bastion',
      port: 2222,
      user: 'jump',
      auth: { keyFile: 'C:\\k\\j.ppk' },
    });
    const http = imported(
      'ssh-config',
      'Host t\n  ProxyCommand nc -X connect -x proxy.corp:3128 -P me %h %p\n',
    );
    expect(http.profiles[0]!.proxy).toEqual({
      type: 'http',
      host: 'proxy.corp',
      port: 3128,
      user: 'me',
    });
    const socks = imported('ssh', "ssh -o 'ProxyCommand nc -x [::1]:1080 %h %p' u@h");
    expect(socks.profiles[0]!.proxy).toEqual({ type: 'socks5', host: '::1', port: 1080 });
  });

  it('keeps the first of ProxyJump and ProxyCommand, as ssh does', () => {
    const { profiles } = imported('ssh', 'ssh -J a@b -o "ProxyCommand=nc -x p:1 %h %p" u@h');
    expect(profiles[0]!.jumps?.[0]?.host).toBe('b');
    expect(profiles[0]!.proxy).toBeUndefined();
  });

  it('warns about a proxy command it cannot read, without repeating a password in it', () => {
    const { profiles, warnings } = imported(
      'plink',
      'plink -proxycmd "plink.exe -pw hunter2 bastion -nc %host:%port" u@h',
    );
    expect(profiles[0]!.jumps).toBeUndefined();
    expect(codes(warnings)).toContain('proxy-not-applied');
    expect(JSON.stringify(warnings)).not.toContain('hunter2');
  });

  it('reads PuTTY HTTP and SOCKS 4 proxies; the stored proxy password is never imported', () => {
    const reg = (method: number) =>
      [
        'Windows Registry Editor Version 5.00',
        '',
        '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\lic]',
        '"HostName"="lic.example.com"',
        '"UserName"="u"',
        `"ProxyMethod"=dword:0000000${method}`,
        '"ProxyHost"="proxy.corp"',
        '"ProxyPort"=dword:00000c38',
        '"ProxyUsername"="corp\\\\me"',
        '"ProxyPassword"="sup3r-secret"',
      ].join('\r\n');
    const http = imported('putty-reg', reg(3));
    expect(http.profiles[0]!.proxy).toEqual({
      type: 'http',
      host: 'proxy.corp',
      port: 3128,
      user: 'corp\\me',
    });
    expect(codes(http.warnings)).toContain('password-not-imported');
    expect(JSON.stringify(http)).not.toContain('sup3r-secret');
    expect(imported('putty-reg', reg(1)).profiles[0]!.proxy?.type).toBe('socks4a');
    expect(codes(imported('putty-reg', reg(4)).warnings)).toContain('proxy-not-applied');
  });

  it('writes -J and ProxyJump (IPv6 in brackets) and reads them back unchanged', () => {
    const [p] = imported(
      'ssh',
      'ssh -J ops@[2001:db8::1]:2222,gw@h2 lic@h -R 1055:licsrv:1055',
    ).profiles;
    const ssh = exportProfile(p!, 'ssh');
    expect(ssh.text).toContain(' -J ops@[2001:db8::1]:2222,gw@h2 lic@h ');
    expect(imported('ssh', ssh.text).profiles[0]).toEqual(p);
    const config = exportProfile(p!, 'ssh-config');
    expect(config.text).toContain('  ProxyJump ops@[2001:db8::1]:2222,gw@h2\n');
    expect(imported('ssh-config', config.text).profiles[0]).toEqual({ ...p, id: 'lic-h' });
  });

  it('writes an HTTP/SOCKS proxy as an nc ProxyCommand and reads it back', () => {
    const [p] = imported(
      'ssh-config',
      'Host t\n  ProxyCommand nc -X connect -x proxy.corp:3128 %h %p\n',
    ).profiles;
    for (const target of ['ssh', 'ssh-config'] as const) {
      const out = exportProfile(p!, target);
      expect(out.text).toContain('nc -X connect -x proxy.corp:3128 %h %p');
      const again = imported(target === 'ssh' ? 'ssh' : 'ssh-config', out.text).profiles[0]!;
      expect(again.proxy).toEqual(p!.proxy);
    }
  });

  it('says where the target has no equivalent: plink has no -J or proxy option; ssh takes one of the two', () => {
    const [p] = imported('ssh', 'ssh -J ops@bastion:2222 lic@h -R 1055:licsrv:1055').profiles;
    const plink = exportProfile(p!, 'plink');
    expect(plink.text).not.toMatch(/-J|-proxycmd/);
    expect(plink.notes.join('\n')).toMatch(
      /plink has no -J option.*-proxycmd "plink\.exe -ssh -P 2222 ops@bastion -nc %host:%port"/,
    );
    const both = exportProfile(
      { ...p!, proxy: { type: 'socks5', host: 's', port: 1080, passwordRef: 'corp-proxy' } },
      'ssh',
    );
    expect(both.notes.join('\n')).toMatch(/not both/);
    expect(both.notes.join('\n')).toMatch(/proxy password is not expressed/);
    const proxied = exportProfile(
      { ...p!, jumps: undefined, proxy: { type: 'http', host: 'p', port: 8080 } },
      'plink',
    );
    expect(proxied.notes.join('\n')).toMatch(/plink has no command-line proxy option/);
  });
});

describe('PuTTY SSH proxy naming a saved session', () => {
  it('takes the jump host from that session (PuTTY 0.77+)', () => {
    const reg = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\bastion]',
      '"HostName"="gw@bastion.corp"',
      '"PortNumber"=dword:00000836',
      '"PublicKeyFile"="C:\\\\keys\\\\gw.ppk"',
      '',
      '[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\lic]',
      '"HostName"="lic.internal"',
      '"UserName"="u"',
      '"ProxyMethod"=dword:00000006',
      '"ProxyHost"="bastion"',
      '"ProxyPort"=dword:00000050',
    ].join('\r\n');
    const lic = imported('putty-reg', reg).profiles.find((p) => p.name === 'lic')!;
    expect(lic.jumps).toMatchObject([
      { host: 'bastion.corp', port: 2102, user: 'gw', auth: { keyFile: 'C:\\keys\\gw.ppk' } },
    ]);
  });
});
