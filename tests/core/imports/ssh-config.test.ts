import { describe, expect, it } from 'vitest';
import { codes, fixture, imported } from './helpers';

describe('ssh_config', () => {
  it('makes one profile per concrete Host, with Host * as defaults and first value winning', () => {
    const { profiles, warnings } = imported('ssh-config', fixture('ssh_config'));
    expect(profiles.map((p) => [p.id, p.host, p.user, p.port])).toEqual([
      ['license-proxy', 'clp.tunnel.example.com', 'rescale', 22],
      ['web', 'web.internal.example.com', 'defaultuser', 2022],
    ]);
    const [lic, web] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    expect(lic).toMatchObject({
      auth: { keyFile: '/home/localadmin/.ssh/id_ed25519' },
      keepalive: { intervalSeconds: 20, countMax: 2 },
      hostKey: { policy: 'accept-new' },
    });
    expect(
      lic.forwards.map(
        (f) => f.type === 'remote' && [f.bindAddress, f.bindPort, f.targetHost, f.targetPort],
      ),
    ).toEqual([
      [undefined, 1055, 'licsrv', 1055],
      ['127.0.0.1', 2325, 'licsrv', 2325],
    ]);
    expect(web.keepalive.intervalSeconds).toBe(60);
    expect(web.forwards.map((f) => `${f.type}:${f.bindAddress}:${f.bindPort}`)).toEqual([
      'local:127.0.0.1:8080',
      'dynamic:::1:1080',
    ]);
    // The jump host is looked up in the config as ssh does: its own user and key.
    expect(web.jumps).toMatchObject([
      {
        host: 'bastion.example.com',
        port: 22,
        user: 'wildcard',
        auth: { keyFile: '/home/localadmin/.ssh/id_ed25519' },
      },
    ]);
    expect(codes(warnings)).toEqual(['match-not-evaluated']);
  });

  it('lets a Host * at the top win, as ssh does, and skips wildcard-only and negated hosts', () => {
    const { profiles } = imported(
      'ssh-config',
      'Host *\n  User first\nHost a\n  User second\nHost *.x !b.x\n  Port 1\n',
    );
    expect(profiles.map((p) => [p.id, p.user])).toEqual([['a', 'first']]);
  });

  it('applies pattern blocks that match the alias, in file order', () => {
    const { profiles } = imported(
      'ssh-config',
      'Host db.example.com\n  Port 2200\nHost *.example.com\n  User ops\n  Port 22\n  RemoteForward 27000 lic:27000\nHost other\n  HostName o\n',
    );
    expect(profiles.map((p) => [p.id, p.user, p.port, p.forwards.length])).toEqual([
      ['db-example-com', 'ops', 2200, 1],
      ['other', 'localadmin', 22, 0],
    ]);
  });

  it('accepts Keyword=value, quoted values and LocalForward with one argument; warns on Include', () => {
    const { profiles, warnings } = imported(
      'ssh-config',
      'Include ~/.ssh/conf.d/*\nHost t\n  HostName=t.example.com\n  IdentityFile "C:\\Users\\me\\My Keys\\id"\n  LocalForward 1:h:1\n  RemoteForward 1080\n  Bogus x\n',
    );
    expect(profiles[0]).toMatchObject({
      host: 't.example.com',
      auth: { keyFile: 'C:\\Users\\me\\My Keys\\id' },
    });
    expect(profiles[0]!.forwards).toHaveLength(1);
    expect(codes(warnings)).toEqual([
      'include-not-followed',
      'malformed-option',
      'unknown-option',
      'user-defaulted',
    ]);
  });

  it('fails clearly when no Host names a concrete host', () => {
    expect(() => imported('ssh-config', 'Host *\n  User x\n')).toThrow(
      /no Host block names a concrete host/,
    );
    expect(() => imported('ssh-config', 'just some text\n')).toThrow(/no Host block/);
  });
});
