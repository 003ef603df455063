import { describe, expect, it } from 'vitest';
import { formatForwardSpec, parseForwardSpec } from '../../../main/core/imports/forward-spec';

const ok = (type: 'local' | 'remote' | 'dynamic', spec: string) => {
  const r = parseForwardSpec(type, spec);
  if (!r.ok) throw new Error(r.reason);
  return r.forward;
};

describe('forward specifications', () => {
  it('reads port:host:hostport and bind:port:host:hostport', () => {
    expect(ok('remote', '4085:Server:4085')).toEqual({
      type: 'remote',
      bindPort: 4085,
      targetHost: 'Server',
      targetPort: 4085,
    });
    expect(ok('local', '0.0.0.0:8080:web:80')).toMatchObject({
      bindAddress: '0.0.0.0',
      bindPort: 8080,
    });
    expect(ok('local', '*:8080:web:80').bindAddress).toBe('*');
    expect(ok('local', ':8080:web:80').bindAddress).toBe('');
  });

  it('reads IPv6 in brackets and the old slash syntax', () => {
    expect(ok('local', '[::1]:8080:[fe80::1]:80')).toEqual({
      type: 'local',
      bindAddress: '::1',
      bindPort: 8080,
      targetHost: 'fe80::1',
      targetPort: 80,
    });
    expect(ok('local', '8080/::1/80')).toMatchObject({
      bindPort: 8080,
      targetHost: '::1',
      targetPort: 80,
    });
  });

  it('reads dynamic forwards with and without a bind address', () => {
    expect(ok('dynamic', '1080')).toEqual({ type: 'dynamic', bindPort: 1080 });
    expect(ok('dynamic', '[::1]:1080')).toEqual({
      type: 'dynamic',
      bindAddress: '::1',
      bindPort: 1080,
    });
  });

  it('says why a spec is refused', () => {
    const reason = (type: 'local' | 'remote' | 'dynamic', spec: string) => {
      const r = parseForwardSpec(type, spec);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(reason('remote', '')).toMatch(/empty/);
    expect(reason('remote', '1080')).toMatch(/remote dynamic/);
    expect(reason('local', '70000:h:80')).toMatch(/not a number/);
    expect(reason('local', '8080:h:0')).toMatch(/target port/);
    expect(reason('local', '/tmp/sock:h:80')).toMatch(/Unix-socket/);
    expect(reason('local', '[::1:8080:h:80')).toMatch(/unclosed/);
    expect(reason('dynamic', 'a:b:c')).toMatch(/bind_address/);
  });

  it('writes back what it reads, leaving the loopback default implicit', () => {
    for (const [type, spec] of [
      ['remote', '4085:Server:4085'],
      ['local', '[::1]:8080:[fe80::1]:80'],
      ['local', '*:8080:web:80'],
      ['dynamic', '1080'],
      ['dynamic', '0.0.0.0:1080'],
    ] as const)
      expect(formatForwardSpec(ok(type, spec))).toBe(spec);
    expect(
      formatForwardSpec({
        type: 'remote',
        bindPort: 1,
        targetHost: 'h',
        targetPort: 2,
      }),
    ).toBe('1:h:2');
    // A remote forward's explicit loopback is not the server's default: it stays written.
    expect(
      formatForwardSpec({
        type: 'remote',
        bindAddress: '127.0.0.1',
        bindPort: 1,
        targetHost: 'h',
        targetPort: 2,
      }),
    ).toBe('127.0.0.1:1:h:2');
  });
});
