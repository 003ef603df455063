import ssh2Constants from 'ssh2/lib/protocol/constants.js';
import { describe, expect, it } from 'vitest';
import {
  ALGORITHM_TABLE,
  categoryOfOption,
  resolveAlgorithmList,
  resolveAlgorithms,
} from '../../../main/core/config/algorithms';
import { ProfileSchema } from '../../../main/core/config/profile';
import { algorithmsFor } from '../../../main/core/tunnels/connect-config';

const ssh2 = ssh2Constants as unknown as Record<string, string[]>;

describe('per-profile algorithm lists (OpenSSH syntax)', () => {
  it('names exactly what ssh2 defaults to and supports (kept equal when ssh2 changes)', () => {
    const pairs = [
      ['kex', 'KEX'],
      ['cipher', 'CIPHER'],
      ['hmac', 'MAC'],
      ['serverHostKey', 'SERVER_HOST_KEY'],
    ] as const;
    for (const [category, name] of pairs) {
      expect(ALGORITHM_TABLE[category].defaults, category).toEqual(ssh2[`DEFAULT_${name}`]);
      expect(ALGORITHM_TABLE[category].supported, category).toEqual(ssh2[`SUPPORTED_${name}`]);
    }
  });

  it('+ appends, - removes (wildcards too), ^ puts first, a plain list replaces', () => {
    const defaults = ALGORITHM_TABLE.cipher.defaults;
    expect(resolveAlgorithmList('cipher', '+aes256-cbc')).toEqual({
      ok: true,
      list: [...defaults, 'aes256-cbc'],
    });
    expect(resolveAlgorithmList('cipher', '^aes256-cbc, aes128-ctr')).toEqual({
      ok: true,
      list: ['aes256-cbc', 'aes128-ctr', ...defaults.filter((d) => d !== 'aes128-ctr')],
    });
    expect(resolveAlgorithmList('cipher', '-*-ctr')).toEqual({
      ok: true,
      list: defaults.filter((d) => !d.endsWith('-ctr')),
    });
    expect(resolveAlgorithmList('cipher', 'aes256-cbc,aes128-cbc')).toEqual({
      ok: true,
      list: ['aes256-cbc', 'aes128-cbc'],
    });
  });

  it('says which name it does not know and what it speaks, and refuses an empty result', () => {
    const r = resolveAlgorithmList('cipher', '+aes256-cbc,rot13');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(
      /Ciphers: "rot13" not supported; Tunnelkeeper speaks .*3des-cbc/,
    );
    const none = resolveAlgorithmList('kex', `-${ALGORITHM_TABLE.kex.defaults.join(',')}`);
    expect(!none.ok && none.message).toMatch(/leaves no algorithm to offer/);
    expect(resolveAlgorithmList('hmac', '+').ok).toBe(false);
    expect(() => resolveAlgorithms({ serverHostKey: 'ssh-foo' })).toThrow(/HostKeyAlgorithms/);
  });

  it('maps OpenSSH option names in any case', () => {
    expect(categoryOfOption('Ciphers')).toBe('cipher');
    expect(categoryOfOption('kexalgorithms')).toBe('kex');
    expect(categoryOfOption('MACs')).toBe('hmac');
    expect(categoryOfOption('HostKeyAlgorithms')).toBe('serverHostKey');
    expect(categoryOfOption('PubkeyAcceptedAlgorithms')).toBeUndefined();
  });

  it('a profile with an unknown algorithm or field is a config error naming it', () => {
    const base = { id: 'p', name: 'p', host: 'h', user: 'u', auth: { agent: true } };
    const bad = ProfileSchema.safeParse({ ...base, algorithms: { cipher: '+rot13' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ['algorithms', 'cipher'] });
    expect(bad.error?.issues[0]?.message).toContain('"rot13" not supported');
    expect(
      ProfileSchema.safeParse({ ...base, algorithms: { ciphers: '+aes256-cbc' } }).success,
    ).toBe(false);
    const good = ProfileSchema.parse({
      ...base,
      algorithms: { kex: '+diffie-hellman-group14-sha1' },
      jumps: [{ host: 'j', user: 'u', auth: {}, algorithms: { cipher: '+aes128-cbc' } }],
    });
    expect(good.algorithms).toEqual({ kex: '+diffie-hellman-group14-sha1' });
    expect(good.jumps?.[0]?.algorithms).toEqual({ cipher: '+aes128-cbc' });
  });

  it('what ssh2 gets: the lists, with the trusted host-key types first (RSA with SHA-2 first)', () => {
    const hostKeys = ALGORITHM_TABLE.serverHostKey.defaults;
    expect(algorithmsFor(undefined, [])).toBeUndefined();
    expect(algorithmsFor(undefined, ['ssh-rsa'])).toEqual({
      serverHostKey: [
        'rsa-sha2-512',
        'rsa-sha2-256',
        'ssh-rsa',
        ...hostKeys.filter((t) => !['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'].includes(t)),
      ],
    });
    // A trusted type the defaults leave out is still asked for when nothing overrides the list.
    expect(algorithmsFor(undefined, ['ssh-dss'])?.serverHostKey).toEqual(['ssh-dss', ...hostKeys]);
    // An explicit list wins over what is trusted.
    expect(algorithmsFor({ serverHostKey: 'ssh-ed25519' }, ['ssh-rsa'])).toEqual({
      serverHostKey: ['ssh-ed25519'],
    });
    expect(algorithmsFor({ cipher: '+aes256-cbc' }, [])).toEqual({
      cipher: [...ALGORITHM_TABLE.cipher.defaults, 'aes256-cbc'],
    });
  });
});
