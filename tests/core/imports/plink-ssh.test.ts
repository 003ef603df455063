import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../main/core/imports/types';
import { codes, fixture, imported } from './helpers';

describe('plink command lines', () => {
  it("reads the provider's Task Scheduler script (key, user@host, -R, -v -N -batch)", () => {
    const { profiles, warnings } = imported('plink', fixture('task-scheduler.bat'));
    expect(profiles).toHaveLength(1);
    const p = profiles[0]!;
    expect(p).toMatchObject({
      host: 'clp.tunnel.example.com',
      user: 'rescale',
      port: 22,
      verbose: true,
      auth: { keyFile: 'C:\\Users\\.ssh\\id_rsa.ppk', agent: true },
    });
    expect(p.forwards).toEqual([
      {
        type: 'remote',
        id: 'R4085',
        bindPort: 4085,
        targetHost: 'Server',
        targetPort: 4085,
      },
      {
        type: 'remote',
        id: 'R4084',
        bindPort: 4084,
        targetHost: 'Server',
        targetPort: 4084,
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('reads the provider\'s download: CRLF, @echo off, REM, start "SSH Tunnel 1" (the name), key from Pageant', () => {
    const { profiles } = imported('plink', fixture('provider-tunnel.bat'));
    expect(profiles.map((p) => [p.id, p.name, p.auth.agent, p.auth.keyFile])).toEqual([
      ['ssh-tunnel-1', 'SSH Tunnel 1', true, undefined],
    ]);
    expect(
      profiles[0]!.forwards.map(
        (f) => f.type === 'remote' && `${f.bindPort}:${f.targetHost}:${f.targetPort}`,
      ),
    ).toEqual([
      '1055:on-prem-license-server-1:1055',
      '2325:on-prem-license-server-2:2325',
      '49281:on-prem-license-server-3:49281',
    ]);
  });

  it('reads Windows variants: quoted paths, ^ continuations, -P, -l, -hostkey, binds, IPv6, redirects', () => {
    const { profiles, warnings } = imported('plink', fixture('windows-variants.bat'));
    expect(profiles.map((p) => p.name)).toEqual(['Abaqus licenses', 'Backup tunnel']);
    const [abaqus, backup] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    expect(abaqus).toMatchObject({
      host: 'lic.example.com',
      user: 'admin',
      port: 2222,
      auth: { keyFile: 'C:\\Users\\me\\My Keys\\id.ppk' },
      hostKey: { pinned: ['SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'] },
    });
    expect(abaqus.forwards).toEqual([
      {
        type: 'remote',
        id: 'R27000',
        bindAddress: '0.0.0.0',
        bindPort: 27000,
        targetHost: 'abqlic',
        targetPort: 27000,
      },
      {
        type: 'local',
        id: 'L8080',
        bindAddress: '::1',
        bindPort: 8080,
        targetHost: 'fe80::1',
        targetPort: 80,
      },
      { type: 'dynamic', id: 'D1080', bindAddress: '127.0.0.1', bindPort: 1080 },
    ]);
    expect(backup.forwards).toHaveLength(1);
    expect(codes(warnings)).toEqual(['bind-all-interfaces', 'password-refused', 'key-from-agent']);
  });

  it('refuses -pw with the reason, never stores or repeats the password, and keeps the rest', () => {
    const { profiles, warnings } = imported(
      'plink',
      'plink -ssh -pw Sup3rS3cret! admin@proxy -R 1:h:1 -N',
    );
    expect(profiles).toHaveLength(1);
    const w = warnings.find((x) => x.code === 'password-refused')!;
    expect(w.message).toMatch(/refused.*visible/);
    expect(JSON.stringify({ profiles, warnings })).not.toContain('Sup3rS3cret');
    // ssh has no -pw: it is still refused rather than its value read as the host
    const ssh = imported('ssh', 'ssh -pw hunter2 u@h -L 1:h:1');
    expect(ssh.profiles[0]!.host).toBe('h');
    expect(JSON.stringify(ssh)).not.toContain('hunter2');
  });

  it('reports a malformed option by name and still offers the good parts', () => {
    const { profiles, warnings } = imported(
      'plink',
      'plink -ssh u@h -R 4085:Server:4085 -R -L nonsense -P 99999 -hostkey zz -v -N',
    );
    expect(profiles[0]!.forwards.map((f) => f.id)).toEqual(['R4085']);
    expect(profiles[0]!.verbose).toBe(true);
    const messages = warnings.filter((w) => w.code === 'malformed-option').map((w) => w.message);
    expect(messages).toEqual([
      expect.stringMatching(/^-R has no value/),
      expect.stringMatching(/^-L nonsense was skipped/),
      expect.stringMatching(/^-P "99999"/),
      expect.stringMatching(/^-hostkey "zz"/),
    ]);
  });

  it('accepts -hostkey as PuTTY prints it, or a whole public key', () => {
    const { profiles } = imported(
      'plink',
      'plink -hostkey "ssh-ed25519 255 SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU" -hostkey aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99 -hostkey "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl" u@h',
    );
    expect(profiles[0]!.hostKey.pinned).toEqual([
      'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU',
      'aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99',
      expect.stringMatching(/^SHA256:[A-Za-z0-9+/]{43}$/),
    ]);
  });

  it('takes -J as the jump host and ignores remote commands', () => {
    const { profiles, warnings } = imported('plink', 'plink -J hop@bastion u@h -L 1:h:1 uptime -v');
    expect(profiles[0]!.host).toBe('h');
    expect(profiles[0]!.jumps).toEqual([
      {
        host: 'bastion',
        port: 22,
        user: 'hop',
        auth: { agent: true },
        hostKey: { pinned: [], policy: 'strict' },
        keepalive: { intervalSeconds: 5, countMax: 3 },
      },
    ]);
    expect(profiles[0]!.verbose).toBe(false); // -v after the command belongs to the command
    expect(
      warnings.map((w) => [
        w.code,
        w.message.includes('hop@bastion') || w.message.includes('uptime -v'),
      ]),
    ).toEqual([
      ['key-from-agent', false],
      ['remote-command-ignored', true],
    ]);
  });

  it('fills in the local user when none is given, and says so', () => {
    const { profiles, warnings } = imported('plink', 'plink.exe -ssh proxy.example.com -R 1:h:1');
    expect(profiles[0]!.user).toBe('localadmin');
    expect(codes(warnings)).toEqual(['key-from-agent', 'user-defaulted']);
  });

  it('skips non-SSH protocols and says which', () => {
    expect(() => imported('plink', 'plink -telnet h')).toThrow(/other than SSH/);
  });

  it('accepts a bare argument list', () => {
    const { profiles } = imported('plink', '-ssh -P 443 u@h -R 1055:lic:1055');
    expect(profiles[0]).toMatchObject({ host: 'h', port: 443, user: 'u' });
  });
});

describe('ssh command lines', () => {
  it("reads the provider's Linux script, whose bare -R is reported while -v -N still count", () => {
    const { profiles, warnings } = imported('ssh', fixture('provider-tunnel.sh'));
    expect(profiles).toHaveLength(1);
    expect(profiles[0]!.forwards).toHaveLength(3);
    expect(profiles[0]!.verbose).toBe(true);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'malformed-option',
        message: expect.stringMatching(/^-R has no value/),
        line: 3,
      }),
      expect.objectContaining({
        code: 'key-from-agent',
        message: expect.stringMatching(/~\/\.ssh\/id_ed25519/),
      }),
    ]);
  });

  it('reads -o Key=Value and -o "Key Value", bundles, ssh://, autossh, nohup, continuations, ~', () => {
    const { profiles, warnings } = imported('ssh', fixture('linux-variants.sh'));
    const [a, b] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    expect(a).toMatchObject({
      host: 'proxy.example.com',
      user: 'tunnel',
      port: 2222,
      auth: { keyFile: '/home/localadmin/.ssh/id_ed25519' },
      keepalive: { intervalSeconds: 30, countMax: 4 },
      hostKey: { policy: 'accept-new' },
    });
    expect(a.forwards.map((f) => f.id)).toEqual(['L8080', 'D1080']);
    expect(b).toMatchObject({
      host: 'proxy3.example.com',
      user: 'svc',
      port: 2200,
      verbose: true,
      keepalive: { intervalSeconds: 15 },
    });
    expect(a.jumps?.map((j) => [j.user, j.host, j.port, j.auth.keyFile])).toEqual([
      ['jump', 'bastion.example.com', 22, '/home/localadmin/.ssh/id_ed25519'],
    ]);
    expect(codes(warnings)).toEqual(['key-from-agent']);
  });

  it('keeps algorithm lists (-o Ciphers/KexAlgorithms/MACs/HostKeyAlgorithms, -c, -m) in OpenSSH syntax', () => {
    const { profiles, warnings } = imported(
      'ssh',
      'ssh -c aes256-cbc -m +hmac-sha1-96 -o KexAlgorithms=+diffie-hellman-group14-sha1 -o "HostKeyAlgorithms ^ssh-dss" u@h -L 1055:lic:1055',
    );
    expect(profiles[0]!.algorithms).toEqual({
      cipher: 'aes256-cbc',
      hmac: '+hmac-sha1-96',
      kex: '+diffie-hellman-group14-sha1',
      serverHostKey: '^ssh-dss',
    });
    expect(codes(warnings)).toEqual(['key-from-agent']);
  });

  it('an algorithm the engine cannot speak is skipped with its name, the rest imported', () => {
    const { profiles, warnings } = imported(
      'ssh',
      'ssh -o Ciphers=+rot13 -o MACs=+hmac-md5 u@h -N',
    );
    expect(profiles[0]!.algorithms).toEqual({ hmac: '+hmac-md5' });
    const w = warnings.find((x) => x.code === 'malformed-option');
    expect(w?.message).toMatch(/-o Ciphers.* "rot13" not supported/);
  });

  it('applies -g, StrictHostKeyChecking=no (as accept-new, with a warning) and ServerAliveInterval=0', () => {
    const { profiles, warnings } = imported(
      'ssh',
      'ssh -g -o StrictHostKeyChecking=no -o ServerAliveInterval=0 u@h -L 8080:web:80',
    );
    expect(profiles[0]!.forwards[0]!.bindAddress).toBe('*');
    expect(profiles[0]!.hostKey.policy).toBe('accept-new');
    expect(profiles[0]!.keepalive.intervalSeconds).toBe(5);
    expect(codes(warnings)).toEqual([
      'host-key-policy',
      'keepalive-enabled',
      'key-from-agent',
      'bind-all-interfaces',
    ]);
  });

  it('warns about script variables it cannot expand', () => {
    const { profiles, warnings } = imported(
      'plink',
      'plink -i %USERPROFILE%\\.ssh\\id.ppk u@h -R 1:h:1',
    );
    expect(profiles[0]!.auth.keyFile).toBe('%USERPROFILE%\\.ssh\\id.ppk');
    expect(warnings[0]).toMatchObject({
      code: 'variable-not-expanded',
      message: expect.stringContaining('%USERPROFILE%'),
    });
  });

  it('gives a clear error when no command with a host is found', () => {
    expect(() => imported('ssh', '#!/bin/sh\necho hello\n')).toThrow(ImportError);
    expect(() => imported('plink', '@echo off\r\nplink.exe -v -N\r\n')).toThrow(/names no host/);
    expect(() => imported('ssh', fixture('ansys-license.dat'))).toThrow(/use --from flexlm/);
  });
});

describe('passwords never leak through other paths', () => {
  it('hides a -pw value after -o, in a remote command, and in errors', () => {
    for (const line of [
      'ssh -o -pw Leak1 u@h -L 1:h:1',
      'plink u@h -L 1:h:1 echo -pw Leak1',
      'plink -pw Leak1',
    ]) {
      let text: string;
      try {
        text = JSON.stringify(imported('auto', line));
      } catch (error) {
        text = String(error);
      }
      expect(text, line).not.toContain('Leak1');
    }
  });
});

describe('script shapes', () => {
  it('finds the ssh in loops, exec, sudo and env prefixes, once per invocation', () => {
    const script = [
      '#!/bin/bash',
      'set -e',
      'while true; do ssh -i /k u@a -R 1:h:1 -N; sleep 30; done',
      'exec sudo -u tunnel env LANG=C ssh -i /k u@b -R 2:h:2 -N',
      'if ! pgrep ssh; then /usr/bin/ssh -i /k u@c -R 3:h:3 -N & fi',
    ].join('\n');
    const { profiles } = imported('ssh', script);
    expect(profiles.map((p) => p.host)).toEqual(['a', 'b', 'c']);
  });

  it('finds plink in batch loops with labels, goto and timeout', () => {
    const script = [
      '@echo off',
      'title License tunnel',
      ':loop',
      'call plink.exe -ssh -i "%~dp0id.ppk" -batch u@proxy -R 27000:lic:27000 -N',
      'timeout /t 30 /nobreak > nul',
      'goto loop',
    ].join('\r\n');
    const { profiles, warnings } = imported('plink', script);
    expect(profiles.map((p) => [p.host, p.auth.keyFile])).toEqual([['proxy', '%~dp0id.ppk']]);
    expect(warnings.map((w) => w.code)).toEqual(['variable-not-expanded']);
  });
});
