import { describe, expect, it } from 'vitest';
import { codes, fixture, imported } from './helpers';

const targets = (profile: {
  forwards: {
    type: string;
    bindPort: number;
    targetHost?: string;
    targetPort?: number;
    label?: string;
  }[];
}) => profile.forwards.map((f) => `${f.bindPort}->${f.targetHost}:${f.targetPort} ${f.label}`);

describe('FlexLM license files', () => {
  it('proposes the license and vendor ports as remote forwards to the license host, labelled', () => {
    const { profiles, warnings } = imported('flexlm', fixture('ansys-license.dat'), {
      tunnelHost: 'rescale@clp.tunnel.example.com',
    });
    expect(profiles[0]).toMatchObject({
      host: 'clp.tunnel.example.com',
      user: 'rescale',
      name: 'FlexLM license tunnel (licsrv1)',
    });
    expect(targets(profiles[0]!)).toEqual([
      '1055->licsrv1:1055 FlexLM license port (ANSYS)',
      '2325->licsrv1:2325 vendor daemon ansyslmd',
    ]);
    expect(
      profiles[0]!.forwards.every((f) => f.type === 'remote' && f.bindAddress === undefined),
    ).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('handles several SERVER lines, DAEMON, continuations, this_host, and warns with the fix for unpinned vendors', () => {
    const { profiles, warnings } = imported('flexlm', fixture('multi-license.lic'));
    expect(targets(profiles[0]!)).toEqual([
      '27000->licA:27000 FlexLM license port (Abaqus)',
      '1999->licA:1999 vendor daemon cdlmd',
      '27001->licB:27000 FlexLM license port (Abaqus)',
      '2000->licB:1999 vendor daemon cdlmd',
      '27002->licC:27000 FlexLM license port (Abaqus)',
      '2001->licC:1999 vendor daemon cdlmd',
      '27003->localhost:27000 FlexLM license port (LS-DYNA)',
    ]);
    const unpinned = warnings.filter((w) => w.code === 'vendor-port-not-pinned');
    expect(unpinned).toHaveLength(1); // ABAQUSLM; LS-DYNA's lstc needs no vendor port
    expect(unpinned[0]!.message).toMatch(
      /VENDOR ABAQUSLM has no port=.*Fix: add a fixed port.*VENDOR ABAQUSLM port=27004/,
    );
    expect(codes(warnings)).toEqual(
      expect.arrayContaining([
        'proxy-port-remapped',
        'this-host',
        'license-port-not-pinned',
        'tunnel-host-needed',
      ]),
    );
    expect(profiles[0]!.host).toBe('license-proxy.invalid');
  });

  it('labels well-known ports when no vendor names the product', () => {
    const text = 'SERVER a ANY 1999\nSERVER b ANY 1718\nSERVER c ANY 31010\n';
    const { profiles } = imported('flexlm', text, { tunnelHost: 'u@p' });
    expect(profiles[0]!.forwards.map((f) => f.label)).toEqual([
      'FlexLM license port (STAR-CCM+)',
      'FlexLM license port (COMSOL)',
      'FlexLM license port (LS-DYNA)',
    ]);
  });

  it('refuses files without a SERVER line, and bad --host values, clearly', () => {
    expect(() =>
      imported('flexlm', 'FEATURE x y 1.0 permanent uncounted HOSTID=ANY SIGN=0\n'),
    ).toThrow(/no readable SERVER line/);
    expect(() => imported('flexlm', 'SERVER onlyhost\n')).toThrow(
      /line 1: SERVER: expected SERVER <host> <hostid>/,
    );
    expect(() => imported('flexlm', fixture('ansys-license.dat'), { tunnelHost: 'a b' })).toThrow(
      /--host/,
    );
  });
});

describe('RLM license files', () => {
  it('proposes HOST and ISV ports, and warns for an ISV without port', () => {
    const { profiles, warnings } = imported('rlm', fixture('converge.lic'), {
      tunnelHost: 'u@proxy:2222',
    });
    expect(profiles[0]).toMatchObject({ host: 'proxy', port: 2222, user: 'u' });
    expect(targets(profiles[0]!)).toEqual([
      '2765->convlic:2765 RLM license port (CONVERGE)',
      '2766->convlic:2766 ISV converge',
    ]);
    expect(codes(warnings)).toEqual(['vendor-port-not-pinned']);
    expect(warnings[0]!.message).toMatch(/ISV mixit has no port=.*ISV mixit port=2767/);
  });

  it('uses 5053 when HOST names no port, and reads positional ISV ports', () => {
    const { profiles } = imported('rlm', 'HOST lic 001122 \nISV foo /opt/foo /opt/foo.opt 5060\n', {
      tunnelHost: 'p',
    });
    expect(targets(profiles[0]!)).toEqual([
      '5053->lic:5053 RLM license port',
      '5060->lic:5060 ISV foo',
    ]);
  });
});
