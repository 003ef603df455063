import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  migrate,
  parseConfig,
  resolveProfilePaths,
  type ConfigDocumentInput,
} from '../../../main/core/config/profile';

/** Jump hosts and the outbound proxy in the profile model (config version 1, both optional). */
const doc = (extra: Record<string, unknown>): ConfigDocumentInput => ({
  version: 1,
  profiles: [
    {
      id: 'lic',
      name: 'License proxy',
      host: 'inner.example.com',
      user: 'rescale',
      auth: { keyFile: 'id.ppk' },
      forwards: [{ type: 'local', id: 'L1', bindPort: 1, targetHost: '::1', targetPort: 2 }],
      ...extra,
    },
  ],
});

describe('jump hosts and proxy in the profile', () => {
  it('fills each hop with the same defaults as the profile', () => {
    const { document } = parseConfig(
      JSON.stringify(doc({ jumps: [{ host: '[2001:db8::1]', user: 'jump' }] })),
    );
    const hop = document.profiles[0]!.jumps![0]!;
    expect(hop).toEqual({
      host: '[2001:db8::1]',
      port: 22,
      user: 'jump',
      auth: { agent: false },
      hostKey: { pinned: [], policy: 'strict' },
      keepalive: { intervalSeconds: 5, countMax: 3 },
    });
  });

  it('leaves profiles without a chain as they were (no new fields appear)', () => {
    const { document } = parseConfig(JSON.stringify(doc({})));
    expect(document.profiles[0]).not.toHaveProperty('jumps');
    expect(document.profiles[0]).not.toHaveProperty('proxy');
  });

  it('accepts http, socks5 and socks4a proxies with a password reference only', () => {
    for (const type of ['http', 'socks5', 'socks4a'])
      expect(() =>
        parseConfig(
          JSON.stringify(
            doc({ proxy: { type, host: 'proxy.corp', port: 8080, user: 'u', passwordRef: 'p' } }),
          ),
        ),
      ).not.toThrow();
    // The secret itself is never a config field (strict objects refuse it).
    expect(() =>
      parseConfig(
        JSON.stringify(doc({ proxy: { type: 'http', host: 'p', port: 1, password: 'x' } })),
      ),
    ).toThrow(/password/);
    expect(() =>
      parseConfig(JSON.stringify(doc({ proxy: { type: 'socks6', host: 'p', port: 1 } }))),
    ).toThrow(/proxy/);
  });

  it('makes the key files of every hop absolute, like the profile', () => {
    const { document } = parseConfig(
      JSON.stringify(
        doc({ jumps: [{ host: 'b', user: 'j', auth: { keyFile: 'keys/jump.ppk' } }] }),
      ),
    );
    const resolved = resolveProfilePaths(document.profiles[0]!, '/etc/tk');
    expect(resolved.jumps![0]!.auth.keyFile).toBe(path.resolve('/etc/tk', 'keys/jump.ppk'));
    expect(resolved.auth.keyFile).toBe(path.resolve('/etc/tk', 'id.ppk'));
  });

  it('keeps jump hosts through the v0 migration', () => {
    const { document } = migrate({
      profiles: [{ name: 'x', host: 'h', username: 'u', jumps: [{ host: 'b', user: 'j' }] }],
    });
    const parsed = parseConfig(JSON.stringify(document)).document;
    expect(parsed.profiles[0]!.jumps![0]!.host).toBe('b');
  });
});
