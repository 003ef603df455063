import { describe, expect, it } from 'vitest';
import { ALGORITHM_CATEGORIES, supportedAlgorithms } from '../../main/core/config/algorithms';
import { effectiveLanguage, languageFor } from '../../renderer/src/i18n';
import {
  formatBytes,
  formatDuration,
  forwardRoute,
  listenLabel,
} from '../../renderer/src/lib/format';
import { defaultOutputPath, keyIdentity } from '../../renderer/src/lib/keyPaths';
import { computeLights } from '../../renderer/src/lib/lights';
import {
  ALGORITHM_FIELDS,
  emptyForm,
  formFromProfile,
  idFromName,
  profileFromForm,
  validateForm,
} from '../../renderer/src/lib/profileForm';
import { snapshot } from './samples';

describe('language choice', () => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
    ['de-DE', 'en'],
  ])('OS locale %s gives %s', (locale, language) => {
    expect(languageFor(locale)).toBe(language);
  });
  it('follows the setting over the OS', () => {
    expect(effectiveLanguage('en', 'ja-JP')).toBe('en');
    expect(effectiveLanguage('system', 'ja-JP')).toBe('ja');
  });
});

describe('the three lights', () => {
  it('are grey with nothing running', () => {
    const lights = computeLights([snapshot({ state: 'stopped' })]);
    expect([lights.session.light, lights.forwards.light, lights.connections.light]).toEqual([
      'grey',
      'grey',
      'grey',
    ]);
  });
  it('are green when the session is up, every forward bound and a connection active', () => {
    const lights = computeLights([snapshot()]);
    expect(lights.session).toEqual({ light: 'green', up: 1, running: 1 });
    expect(lights.forwards).toEqual({ light: 'green', bound: 1, total: 1 });
    expect(lights.connections).toEqual({ light: 'green', active: 2 });
  });
  it('show "no active connections" in yellow, like the provider', () => {
    const idle = snapshot();
    idle.forwards[0]!.connections.active = 0;
    expect(computeLights([idle]).connections.light).toBe('yellow');
  });
  it('go red when the session is down', () => {
    const down = snapshot({ state: 'waiting', cause: 'tcp-refused' });
    down.forwards[0]!.state = 'pending';
    const lights = computeLights([down]);
    expect(lights.session.light).toBe('red');
    expect(lights.forwards).toEqual({ light: 'red', bound: 0, total: 1 });
  });
});

describe('formatting', () => {
  it('writes a forward compactly', () => {
    expect(forwardRoute(snapshot().forwards[0]!)).toBe('R 1055 → licsrv:1055');
    expect(listenLabel('0.0.0.0:1080')).toBe('0.0.0.0:1080');
  });
  it('writes bytes and durations for people', () => {
    expect(formatBytes(14 * 1024 * 1024)).toBe('14 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });
});

describe('the tunnel form', () => {
  const filled = {
    ...emptyForm(),
    name: 'License proxy',
    host: 'clp.tunnel.example.com',
    user: 'rescale',
    keyFile: 'C:\\Users\\me\\.ssh\\id_ed25519',
    forwards: [
      {
        id: 'f1',
        type: 'remote' as const,
        bindAddress: '',
        bindPort: '1055',
        targetHost: 'licsrv',
        targetPort: '1055',
        label: 'ANSYS',
      },
    ],
  };

  it('accepts a complete form', () => {
    expect(validateForm(filled)).toEqual({});
  });

  it('says what is wrong at each field', () => {
    const errors = validateForm({
      ...filled,
      host: 'user@host',
      port: '70000',
      user: '',
      keyFile: 'id_rsa',
      pinned: 'SHA256:short',
      keepaliveCount: '0',
      forwards: [{ ...filled.forwards[0]!, bindPort: 'x', targetHost: '' }],
    });
    expect(errors).toEqual({
      host: 'validation.host',
      port: 'validation.port',
      user: 'validation.required',
      keyFile: 'validation.absolutePath',
      pinned: 'validation.fingerprint',
      keepaliveCount: 'validation.keepaliveCount',
      'forwards.0.bindPort': 'validation.port',
      'forwards.0.targetHost': 'validation.host',
    });
  });

  it('asks for a password only when none is stored', () => {
    const form = { ...filled, auth: 'password' as const };
    expect(validateForm(form).password).toBe('validation.password');
    expect(validateForm(form, true).password).toBeUndefined();
  });

  it('round-trips a profile and keeps fields it does not show', () => {
    const input = profileFromForm(filled, undefined, ['license-proxy']);
    expect(input.id).toBe('license-proxy-2');
    const profile = {
      ...input,
      port: 22,
      reconnect: {
        minDelaySeconds: 1,
        maxDelaySeconds: 60,
        stableSeconds: 60,
        readyTimeoutSeconds: 20,
      },
      verbose: true,
      notes: 'keep me',
    } as never;
    const again = profileFromForm(formFromProfile(profile), profile, []);
    expect(again).toMatchObject({
      id: 'license-proxy-2',
      verbose: true,
      notes: 'keep me',
      port: 22,
    });
    // A blank listen address on -R asks the server for its default: no address is written.
    expect(again.forwards).toEqual([
      {
        type: 'remote',
        id: 'f1',
        bindPort: 1055,
        targetHost: 'licsrv',
        targetPort: 1055,
        label: 'ANSYS',
      },
    ]);
  });

  describe('algorithm lists for old servers', () => {
    const algorithms = { kex: '', cipher: '', hmac: '', serverHostKey: '' };
    const withAlgorithms = (patch: Partial<typeof algorithms>) => ({
      ...filled,
      algorithms: { ...algorithms, ...patch },
    });

    it('name the same categories as main', () => {
      expect([...ALGORITHM_FIELDS]).toEqual([...ALGORITHM_CATEGORIES]);
    });

    it('round-trip, trimmed, only the lists that are set', () => {
      const input = profileFromForm(
        withAlgorithms({ cipher: ' +aes256-cbc ', hmac: '^hmac-sha1-96, hmac-md5' }),
        undefined,
        [],
      );
      expect(input.algorithms).toEqual({ cipher: '+aes256-cbc', hmac: '^hmac-sha1-96, hmac-md5' });
      const form = formFromProfile(input as never);
      expect(form.algorithms).toEqual({
        ...algorithms,
        cipher: '+aes256-cbc',
        hmac: '^hmac-sha1-96, hmac-md5',
      });
      expect(profileFromForm(form, input as never, []).algorithms).toEqual(input.algorithms);
    });

    it('leave no algorithms key when all are empty, even if the original had one', () => {
      expect(emptyForm().algorithms).toEqual(algorithms);
      const original = {
        ...profileFromForm(filled, undefined, []),
        algorithms: { kex: '+diffie-hellman-group14-sha1' },
      } as never;
      const cleared = profileFromForm(withAlgorithms({ kex: '  ' }), original, []);
      expect('algorithms' in cleared).toBe(false);
      expect('algorithms' in profileFromForm(filled, undefined, [])).toBe(false);
    });

    it('accept the OpenSSH forms; a name the engine does not speak is said at its field', () => {
      // What main reports in AppInfo.algorithms.
      const known = supportedAlgorithms();
      expect(
        validateForm(
          withAlgorithms({
            kex: 'diffie-hellman-group14-sha1,curve25519-sha256@libssh.org',
            cipher: '-*-cbc, 3des-?bc',
            hmac: '+hmac-sha1-96',
            serverHostKey: '^ssh-dss',
          }),
          false,
          known,
        ),
      ).toEqual({});
      const unknown = withAlgorithms({
        cipher: '+aes256-cbc,rot13',
        serverHostKey: '-ssh-made-up',
      });
      expect(validateForm(unknown, false, known)).toEqual({
        'algorithms.cipher': 'validation.algorithmUnknown',
      });
      // Before the app info arrives, names are left to main's check on save.
      expect(validateForm(unknown)).toEqual({});
    });

    it('reject what is not a list, and wildcards outside a "-" list', () => {
      expect(
        validateForm(
          withAlgorithms({
            kex: '+',
            cipher: '+aes256-cbc,,aes128-cbc',
            hmac: '+hmac-*',
            serverHostKey: 'ssh-rsa ssh-dss',
          }),
        ),
      ).toEqual({
        'algorithms.kex': 'validation.algorithms',
        'algorithms.cipher': 'validation.algorithms',
        'algorithms.hmac': 'validation.algorithms',
        'algorithms.serverHostKey': 'validation.algorithms',
      });
      expect(validateForm(withAlgorithms({ cipher: '+aes256-cbc,' }))).toEqual({
        'algorithms.cipher': 'validation.algorithms',
      });
    });
  });

  it('makes readable unique ids', () => {
    expect(idFromName('ANSYS ライセンス', [])).toBe('ansys');
    expect(idFromName('***', [])).toBe('tunnel');
  });
});

describe('key paths', () => {
  it('puts the converted key next to the source, named for its format', () => {
    expect(defaultOutputPath('C:\\keys\\id_rsa.ppk', 'openssh')).toBe('C:\\keys\\id_rsa');
    expect(defaultOutputPath('/k/id_rsa', 'ppk3')).toBe('/k/id_rsa.ppk');
    expect(defaultOutputPath('/k/id_rsa', 'openssh')).toBe('/k/id_rsa-openssh');
  });
  it('compares keys without their comments', () => {
    expect(keyIdentity('ssh-ed25519 AAAA me@pc\n')).toBe(keyIdentity('ssh-ed25519  AAAA other'));
  });
});
