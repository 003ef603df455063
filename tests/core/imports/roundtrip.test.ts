import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../main/core/config/profile';
import {
  CONNECTION_TARGETS,
  exportProfile,
  type ConnectionTarget as ExportTarget,
} from '../../../main/core/imports/export';
import type { ImportSource } from '../../../main/core/imports/types';
import { fixture, imported } from './helpers';

/**
 * import → export → import gives the same profile, except for what the target cannot express,
 * which the export names in its notes.
 */
const TARGET_SOURCE: Record<ExportTarget, ImportSource> = {
  plink: 'plink',
  ssh: 'ssh',
  'ssh-config': 'ssh-config',
};
const DEFAULT_KEEPALIVE = { intervalSeconds: 5, countMax: 3 };

function expressible(p: Profile, target: ExportTarget): Profile {
  const copy = structuredClone(p);
  copy.forwards = copy.forwards.map(({ label: _label, ...f }) => f);
  if (target === 'plink') {
    copy.keepalive = { ...DEFAULT_KEEPALIVE };
    delete copy.hostKey.knownHostsFile;
    delete copy.auth.agentSocket;
    copy.hostKey.policy = 'strict';
    // plink has no jump-host or proxy option (the notes say how to set them up).
    delete copy.jumps;
    delete copy.proxy;
  } else {
    copy.hostKey.pinned = [];
    // ssh takes ProxyJump or ProxyCommand, never both: with jump hosts the proxy is dropped.
    if (copy.jumps?.length) delete copy.proxy;
  }
  return copy;
}

const SAMPLES: [string, ImportSource, object?][] = [
  ['task-scheduler.bat', 'plink'],
  ['provider-tunnel.bat', 'plink'],
  ['windows-variants.bat', 'plink'],
  ['provider-tunnel.sh', 'ssh'],
  ['linux-variants.sh', 'ssh'],
  ['putty-sessions.reg', 'putty-reg'],
  ['ssh_config', 'ssh-config'],
  ['ansys-license.dat', 'flexlm', { tunnelHost: 'rescale@clp.tunnel.example.com' }],
  ['multi-license.lic', 'flexlm', { tunnelHost: 'u@p' }],
  ['converge.lic', 'rlm', { tunnelHost: 'u@p:2222' }],
];

describe('round trips', () => {
  for (const [file, source, extra] of SAMPLES)
    for (const target of CONNECTION_TARGETS)
      it(`${file} (${source}) → ${target} → import`, () => {
        const first = imported(source, fixture(file), extra).profiles;
        for (const profile of first) {
          const { text } = exportProfile(profile, target);
          const again = imported(TARGET_SOURCE[target], text).profiles;
          expect(again).toHaveLength(1);
          expect(again[0]).toEqual(expressible(profile, target));
        }
      });

  it('is exact for a source exported to its own format', () => {
    const pairs: [string, ImportSource, ExportTarget][] = [
      ['windows-variants.bat', 'plink', 'plink'],
      ['linux-variants.sh', 'ssh', 'ssh'],
      ['ssh_config', 'ssh-config', 'ssh-config'],
    ];
    for (const [file, source, target] of pairs)
      for (const profile of imported(source, fixture(file)).profiles) {
        if (target === 'plink' && profile.hostKey.pinned.length === 0) continue;
        const again = imported(TARGET_SOURCE[target], exportProfile(profile, target).text)
          .profiles[0];
        if (target === 'plink') expect(again).toEqual(profile);
        else expect({ ...again, hostKey: profile.hostKey }).toEqual(profile);
      }
  });

  it('carries algorithm lists to ssh and ssh_config, and tells plink users where they go', () => {
    const [p] = imported(
      'ssh',
      'ssh -o Ciphers=+aes256-cbc -o KexAlgorithms=+diffie-hellman-group14-sha1 u@h -R 1055:lic:1055',
    ).profiles;
    const ssh = exportProfile(p!, 'ssh').text;
    expect(ssh).toContain('-o KexAlgorithms=+diffie-hellman-group14-sha1');
    expect(ssh).toContain('-o Ciphers=+aes256-cbc');
    expect(imported('ssh', ssh).profiles[0]!.algorithms).toEqual(p!.algorithms);
    const config = exportProfile(p!, 'ssh-config').text;
    expect(config).toMatch(/^\s*Ciphers \+aes256-cbc$/m);
    expect(imported('ssh-config', config).profiles[0]!.algorithms).toEqual(p!.algorithms);
    expect(exportProfile(p!, 'plink').notes.join('\n')).toMatch(
      /algorithm lists .*saved PuTTY session/,
    );
  });

  it('names in its notes what the target cannot express', () => {
    const [lic] = imported('flexlm', fixture('ansys-license.dat'), { tunnelHost: 'u@p' }).profiles;
    const plink = exportProfile(
      { ...lic!, autostart: true, notes: 'n', auth: { ...lic!.auth, passphraseFile: 'pf' } },
      'plink',
    );
    expect(plink.notes.join('\n')).toMatch(/keepalive.*plink has no command-line option/);
    expect(plink.notes.join('\n')).toMatch(/labels \(2\)/);
    expect(plink.notes.join('\n')).toMatch(/autostart/);
    expect(plink.notes.join('\n')).toMatch(/passphrase file/);
    const [pinned] = imported('plink', fixture('windows-variants.bat')).profiles;
    expect(exportProfile(pinned!, 'ssh').notes.join('\n')).toMatch(/pinned host keys.*known_hosts/);
    expect(exportProfile(pinned!, 'ssh-config').notes.join('\n')).toMatch(
      /OpenSSH cannot read PuTTY keys.*keys convert/,
    );
    const [openssh] = imported('ssh', fixture('linux-variants.sh')).profiles;
    expect(exportProfile(openssh!, 'plink').notes.join('\n')).toMatch(
      /plink reads only PuTTY \(\.ppk\) keys/,
    );
  });

  it('writes the provider-style plink line and an ssh line with keepalive and ExitOnForwardFailure', () => {
    const [p] = imported('plink', fixture('task-scheduler.bat')).profiles;
    expect(exportProfile(p!, 'plink').text).toBe(
      'REM Tunnelkeeper profile: rescale@clp.tunnel.example.com\r\nplink.exe -ssh -i C:\\Users\\.ssh\\id_rsa.ppk rescale@clp.tunnel.example.com -R 4085:Server:4085 -R 4084:Server:4084 -v -N -batch\r\n',
    );
    expect(exportProfile(p!, 'ssh').text).toBe(
      "# Tunnelkeeper profile: rescale@clp.tunnel.example.com\nssh -i 'C:\\Users\\.ssh\\id_rsa.ppk' -o ServerAliveInterval=5 -o ServerAliveCountMax=3 -o ExitOnForwardFailure=yes -o StrictHostKeyChecking=yes -o BatchMode=yes rescale@clp.tunnel.example.com -R 4085:Server:4085 -R 4084:Server:4084 -v -N\n",
    );
    const [q] = imported('plink', fixture('windows-variants.bat')).profiles;
    expect(exportProfile(q!, 'plink').text).toContain(
      'plink.exe -ssh -P 2222 -i "C:\\Users\\me\\My Keys\\id.ppk" -hostkey SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU admin@lic.example.com -R 0.0.0.0:27000:abqlic:27000 -L [::1]:8080:[fe80::1]:80 -D 1080 -N -batch',
    );
  });
});
