import { supportedAlgorithms } from '../../main/core/config/algorithms';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ipcMain } from '../mocks/electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_INDEX_URL } from '../../main/app/app-protocol';
import type { BootService } from '../../main/app/engine-boot';
import { CodedError } from '../../main/app/errors';
import { createSettingsService } from '../../main/app/settings';
import { registerIpcHandlers } from '../../main/app/ipc/handlers';
import { Channels, ProfileSchema, type Channel } from '../../contract';
import {
  FakeTunnels,
  KEY,
  fakeDiagnostics,
  fakeDialogs,
  fakeHistory,
  fakeImports,
  fakeKeys,
  memoryConfig,
  memoryLoginItem,
  memorySecrets,
  snapshot,
} from './fakes';

function eventFrom(url: string, parent: unknown = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}
const ours = eventFrom(APP_INDEX_URL);

async function invoke(channel: string, payload?: unknown, event = ours) {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

const PROFILE = { id: 'lic', name: 'License proxy', host: 'proxy.example.com', user: 'rescale' };
const KEY_PATH = 'C:\\Users\\admin\\.ssh\\id_rsa.ppk';

/** One accepted and one refused payload for every channel of the contract. */
const samples: Record<Channel, { good: unknown; bad: unknown }> = {
  'app:info': { good: undefined, bad: { path: '/etc/passwd' } },
  'app:open-external': { good: { url: 'https://github.com/x' }, bad: { url: 42 } },
  'app:paths': { good: undefined, bad: { which: 'all' } },
  'app:choose-file': { good: { purpose: 'key' }, bad: { purpose: 'C:\\Windows' } },
  'tunnels:list': { good: undefined, bad: 'all' },
  'tunnels:start': { good: { id: 'lic' }, bad: { id: '' } },
  'tunnels:stop': { good: { id: 'lic' }, bad: { id: 'lic', force: true } },
  'tunnels:answer-host-key': {
    good: { tunnelId: 'lic', decision: 'always' },
    // The renderer answers; it never names the fingerprint to trust.
    bad: { tunnelId: 'lic', decision: 'always', fingerprint: 'SHA256:evil' },
  },
  'logs:export': { good: { id: 'lic' }, bad: { id: 'lic', path: 'C:\\Windows\\x.log' } },
  'diagnostics:export': { good: { tunnelId: 'lic' }, bad: { tunnelId: 'lic', to: '/etc' } },
  'diagnostics:host-key': { good: { tunnelId: 'lic' }, bad: { tunnelId: 7 } },
  'migration:runners': { good: { profileId: 'lic' }, bad: { profileId: 'lic', all: true } },
  'migration:disable': { good: { location: '\\plink tunnel' }, bad: { location: '' } },
  'migration:putty-sessions': { good: undefined, bad: { all: true } },
  'migration:putty-host-key': { good: { profileId: 'lic' }, bad: { profileId: 42 } },
  'migration:pageant-keys': { good: undefined, bad: { from: 'x' } },
  'logs:tail': { good: { tunnelId: 'lic', limit: 10 }, bad: { tunnelId: 'lic', limit: 1e9 } },
  'settings:get': { good: undefined, bad: { language: 'ja' } },
  'settings:set': { good: { language: 'ja' }, bad: { language: 'klingon' } },
  'profiles:list': { good: undefined, bad: [] },
  'profiles:save': { good: PROFILE, bad: { ...PROFILE, port: 70000 } },
  'profiles:delete': { good: { id: 'lic' }, bad: undefined },
  'keys:list': { good: undefined, bad: { dir: 'C:\\' } },
  'keys:convert': {
    good: { sourcePath: KEY_PATH, targetFormat: 'openssh', outputPath: 'C:\\keys\\id_rsa' },
    bad: { sourcePath: 'id_rsa.ppk', targetFormat: 'openssh', outputPath: 'C:\\keys\\id_rsa' },
  },
  'keys:generate': {
    good: { type: 'ed25519', format: 'openssh', outputPath: '/home/admin/.ssh/id_ed25519' },
    bad: { type: 'dsa', format: 'openssh', outputPath: '/home/admin/.ssh/id_dsa' },
  },
  'keys:inspect': {
    good: { path: KEY_PATH, passphrase: 'correct horse' },
    bad: { path: 'id_rsa.ppk' },
  },
  'keys:unlock': {
    good: { path: KEY_PATH, passphrase: 'correct horse' },
    bad: { path: KEY_PATH, passphrase: '' },
  },
  'keys:lock': { good: { id: 'k1' }, bad: { id: 'k1', passphrase: 'x' } },
  'keys:check-public': { good: { text: 'ssh-ed25519 AAAA' }, bad: { text: 'x'.repeat(70_000) } },
  'imports:preview': {
    good: { source: 'plink', text: 'plink.exe -ssh rescale@proxy -R 4085:Server:4085' },
    bad: { source: 'winscp', text: 'x' },
  },
  'secrets:store': { good: { ref: 'lic.password', secret: 'hunter2' }, bad: { ref: 'lic' } },
  'secrets:delete': { good: { ref: 'lic.password' }, bad: { ref: '../../etc' } },
  'diagnostics:run': { good: { tunnelId: 'lic' }, bad: { tunnelId: 7 } },
  'engine:boot-status': { good: undefined, bad: { platform: 'windows' } },
  'engine:set-boot': {
    good: { enabled: true },
    // The page says on or off; never what runs, nor as whom.
    bad: { enabled: true, user: 'root' },
  },
  'history:availability': {
    good: { id: 'lic', range: '24h' },
    // Two periods only: the page cannot make main read the whole history.
    bad: { id: 'lic', range: '90d' },
  },
};

let tunnels: FakeTunnels;
let config: ReturnType<typeof memoryConfig>;
let secrets: ReturnType<typeof memorySecrets>;
let keys: ReturnType<typeof fakeKeys>;
let opened: string[];
let dialogs: ReturnType<typeof fakeDialogs>;
let saveDir: string;
let boot: BootService & { calls: boolean[] };
let history: ReturnType<typeof fakeHistory>;

/** The boot service as main has it: installed or not, and each change asked for. */
function fakeBoot(): BootService & { calls: boolean[] } {
  let installed = false;
  const calls: boolean[] = [];
  const status = async () => ({ installed, needsAdmin: true, platform: 'windows' as const });
  return {
    calls,
    status,
    setEnabled: async (enabled) => {
      calls.push(enabled);
      installed = enabled;
      return status();
    },
  };
}

beforeEach(() => {
  boot = fakeBoot();
  history = fakeHistory();
  ipcMain.handlers.clear();
  tunnels = new FakeTunnels([snapshot('lic', 'connected', 'License proxy')]);
  config = memoryConfig({ profiles: [ProfileSchema.parse(PROFILE)] });
  secrets = memorySecrets();
  keys = fakeKeys();
  opened = [];
  saveDir = mkdtempSync(path.join(os.tmpdir(), 'tk-save-'));
  dialogs = fakeDialogs(path.join(saveDir, 'saved.out'));
  registerIpcHandlers(ipcMain as unknown as IpcMain, {
    appInfo: () => ({
      version: '1.2.3',
      platform: 'win32',
      locale: 'ja-JP',
      algorithms: supportedAlgorithms(),
    }),
    appPaths: () => ({
      config: 'C:\\Users\\admin\\AppData\\Roaming\\Tunnelkeeper\\config.json',
      logs: 'C:\\logs',
    }),
    openExternal: (url) => url.startsWith('https://github.com/') && opened.push(url) > 0,
    dialogs,
    imports: fakeImports,
    hostKeys: { answer: async () => undefined },
    tunnels,
    settings: createSettingsService(config, memoryLoginItem()),
    config,
    keys,
    secrets,
    diagnostics: fakeDiagnostics,
    boot,
    history,
    // The Windows machine's one runner of the tunnel (the real scan: tests/app/core-migration).
    migration: {
      runnersFor: async () => [],
      puttySessions: async () => ({ profiles: [], warnings: [] }),
      puttyHostKey: async () => null,
      pageantKeys: async () => [],
      disable: async (location) => {
        if (location !== '\\plink tunnel') throw new CodedError('not-found');
        return { undo: 'schtasks /change /tn "\\plink tunnel" /enable' };
      },
    },
  });
});

describe('IPC bridge in main', () => {
  it('handles exactly the channels of the contract', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.values(Channels).sort());
  });

  describe.each(Object.values(Channels))('%s', (channel) => {
    it('answers our own app:// main frame', async () => {
      await expect(invoke(channel, samples[channel].good)).resolves.not.toThrow();
    });

    it.each([
      ['a web page', 'https://evil.example/index.html', null],
      ['a file URL', 'file:///C:/Users/admin/index.html', null],
      ['a look-alike host', 'app://tunnelkeeper.evil.example/index.html', null],
      ['a sub-frame of our page', APP_INDEX_URL, { url: APP_INDEX_URL }],
    ])('rejects a call from %s with the code bad-sender', async (_what, url, parent) => {
      await expect(invoke(channel, samples[channel].good, eventFrom(url, parent))).rejects.toThrow(
        /^bad-sender$/,
      );
    });

    it('rejects a call whose sender frame is gone with bad-sender', async () => {
      const event = { senderFrame: null } as unknown as IpcMainInvokeEvent;
      await expect(invoke(channel, samples[channel].good, event)).rejects.toThrow(/^bad-sender$/);
    });

    it('rejects a malformed payload with bad-payload', async () => {
      await expect(invoke(channel, samples[channel].bad)).rejects.toThrow(/^bad-payload$/);
    });
  });

  it('starts and stops tunnels and lists them with state, cause and forwards', async () => {
    await invoke(Channels.tunnelsStop, { id: 'lic' });
    const [tunnel] = (await invoke(Channels.tunnelsList)) as ReturnType<FakeTunnels['list']>;
    expect(tunnel).toMatchObject({ id: 'lic', state: 'stopped' });
    expect(tunnel?.forwards[0]).toMatchObject({ listen: 'proxy:1055', target: 'licsrv:1055' });
    await invoke(Channels.tunnelsStart, { id: 'lic' });
    expect(tunnels.list()[0]?.state).toBe('connecting');
  });

  it('answers not-found for a tunnel that does not exist', async () => {
    await expect(invoke(Channels.tunnelsStart, { id: 'nope' })).rejects.toThrow(/^not-found$/);
    await expect(invoke(Channels.logsTail, { tunnelId: 'nope' })).rejects.toThrow(/^not-found$/);
  });

  it('tails a tunnel log, newest last, within the limit', async () => {
    for (let i = 0; i < 5; i++)
      tunnels.log({ tunnelId: 'lic', time: i, level: 'info', message: `line ${i}` });
    const lines = (await invoke(Channels.logsTail, { tunnelId: 'lic', limit: 2 })) as {
      message: string;
    }[];
    expect(lines.map((l) => l.message)).toEqual(['line 3', 'line 4']);
  });

  it('saves, lists and deletes profiles in the config document, with the CLI defaults', async () => {
    const saved = await invoke(Channels.profilesSave, { ...PROFILE, id: 'backup' });
    expect(saved).toMatchObject({ id: 'backup', port: 22, keepalive: { intervalSeconds: 5 } });
    await invoke(Channels.profilesSave, { ...PROFILE, name: 'Renamed' });
    // An edited profile keeps its place; a new one is appended.
    expect(await invoke(Channels.profilesList)).toMatchObject([
      { id: 'lic', name: 'Renamed' },
      { id: 'backup' },
    ]);
    await invoke(Channels.profilesDelete, { id: 'lic' });
    expect(config.document.profiles.map((p) => p.id)).toEqual(['backup']);
    await expect(invoke(Channels.profilesDelete, { id: 'lic' })).rejects.toThrow(/^not-found$/);
  });

  it('refuses to open a URL that is not allow-listed, with url-not-allowed', async () => {
    await expect(invoke(Channels.appOpenExternal, { url: 'http://github.com/x' })).rejects.toThrow(
      /^url-not-allowed$/,
    );
    expect(opened).toEqual([]);
  });

  it.each([
    'C:\\Users\\admin\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\run.bat',
    '/home/admin/.config/autostart/x.desktop',
  ])('refuses to write a key under a name the OS would run: %s', async (outputPath) => {
    await expect(
      invoke(Channels.keysGenerate, { type: 'ed25519', format: 'openssh', outputPath }),
    ).rejects.toThrow(/^bad-payload$/);
    expect(keys.requests).toEqual([]);
  });

  it('takes a passphrase once and never sends it back', async () => {
    const result = await invoke(Channels.keysConvert, {
      sourcePath: KEY_PATH,
      passphrase: 'correct horse',
      targetFormat: 'openssh',
      outputPath: 'C:\\keys\\id_rsa',
    });
    expect(keys.requests).toMatchObject([{ passphrase: 'correct horse' }]);
    expect(result).toMatchObject({ key: { fingerprint: KEY.fingerprint } });
    expect(JSON.stringify(result)).not.toContain('correct horse');
  });

  it('passes the key toolkit error code through (wrong-passphrase)', async () => {
    await expect(
      invoke(Channels.keysConvert, {
        sourcePath: KEY_PATH,
        passphrase: 'wrong',
        targetFormat: 'ppk3',
        outputPath: 'C:\\keys\\id_rsa.ppk',
      }),
    ).rejects.toThrow(/^wrong-passphrase$/);
  });

  it('inspects a key with its passphrase and answers without it', async () => {
    const info = await invoke(Channels.keysInspect, {
      path: KEY_PATH,
      passphrase: 'correct horse',
    });
    expect(info).toMatchObject({ unlocked: true, fingerprint: KEY.fingerprint });
    expect(JSON.stringify(info)).not.toContain('correct horse');
  });

  it('unlocks a key with its passphrase once and answers the summary without it', async () => {
    const key = await invoke(Channels.keysUnlock, { path: KEY_PATH, passphrase: 'correct horse' });
    expect(keys.requests).toEqual([{ path: KEY_PATH, passphrase: 'correct horse' }]);
    expect(key).toMatchObject({ id: KEY.id, unlocked: true });
    expect(JSON.stringify(key)).not.toContain('correct horse');
    await expect(
      invoke(Channels.keysUnlock, { path: KEY_PATH, passphrase: 'wrong' }),
    ).rejects.toThrow(/^wrong-passphrase$/);
  });

  it('locks a key by its id, and answers not-found for an unknown one', async () => {
    await expect(invoke(Channels.keysLock, { id: KEY.id })).resolves.toBeUndefined();
    await expect(invoke(Channels.keysLock, { id: 'nope' })).rejects.toThrow(/^not-found$/);
  });

  it('previews an import with ids that do not clash with the saved profiles, saving nothing', async () => {
    const preview = (await invoke(Channels.importsPreview, {
      source: 'auto',
      text: 'plink.exe -ssh rescale@clp.tunnel.example.com -R 4085:Server:4085 -N -batch',
    })) as { profiles: { id: string }[] };
    expect(preview.profiles.map((p) => p.id)).toEqual(['lic-2']);
    expect(config.document.profiles.map((p) => p.id)).toEqual(['lic']);
    await expect(
      invoke(Channels.importsPreview, { source: 'auto', text: 'hello' }),
    ).rejects.toThrow(/^import-failed$/);
  });

  it('saves the tunnel log where the user picked and shows it in the file manager', async () => {
    tunnels.log({ tunnelId: 'lic', time: 0, level: 'warn', message: 'Keepalive timeout' });
    const saved = await invoke(Channels.logsExport, { id: 'lic' });
    expect(saved).toBe(path.join(saveDir, 'saved.out'));
    expect(readFileSync(saved as string, 'utf8')).toBe(
      '1970-01-01T00:00:00.000Z WARN  Keepalive timeout\n',
    );
    expect(dialogs.revealed).toEqual([saved]);
  });

  it('saves nothing when the user cancels the save dialog', async () => {
    dialogs.chooseSavePath = async () => null;
    expect(await invoke(Channels.logsExport, { id: 'lic' })).toBeNull();
    expect(await invoke(Channels.diagnosticsExport, { tunnelId: 'lic' })).toBeNull();
    expect(existsSync(path.join(saveDir, 'saved.out'))).toBe(false);
  });

  it('puts the tunnel log into the support bundle', async () => {
    tunnels.log({ tunnelId: 'lic', time: 0, level: 'error', message: 'Authentication failed' });
    const saved = await invoke(Channels.diagnosticsExport, { tunnelId: 'lic' });
    expect(readFileSync(saved as string, 'utf8')).toContain('Authentication failed');
  });

  it('stores a secret without ever answering with it', async () => {
    const answer = await invoke(Channels.secretsStore, { ref: 'lic.password', secret: 'hunter2' });
    expect(answer).toBeUndefined();
    expect(secrets.values.get('lic.password')).toBe('hunter2');
  });

  it('turns an unexpected failure into the bare code internal, keeping the detail in main', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    tunnels.stop = async () => {
      throw new Error('EPERM: C:\\Users\\admin\\secret-path');
    };
    await expect(invoke(Channels.tunnelsStop, { id: 'lic' })).rejects.toThrow(/^internal$/);
    expect(String(logged.mock.calls[0]?.[1])).toContain('EPERM');
    logged.mockRestore();
  });

  it('says already-running when another process holds the tunnel’s lock', async () => {
    tunnels.start = async () => {
      throw Object.assign(new Error('profile "lic" is already running (pid 4242)'), {
        name: 'LockHeldError',
      });
    };
    await expect(invoke(Channels.tunnelsStart, { id: 'lic' })).rejects.toThrow(/^already-running$/);
  });

  it('keeps coded failures of a service (encryption-unavailable)', async () => {
    secrets.set = () => {
      throw new CodedError('encryption-unavailable');
    };
    await expect(
      invoke(Channels.secretsStore, { ref: 'lic.password', secret: 'x' }),
    ).rejects.toThrow(/^encryption-unavailable$/);
  });

  it('answers the boot service status and changes it with { enabled } only', async () => {
    expect(await invoke(Channels.engineBootStatus)).toEqual({
      installed: false,
      needsAdmin: true,
      platform: 'windows',
    });
    expect(await invoke(Channels.engineSetBoot, { enabled: true })).toEqual({
      installed: true,
      needsAdmin: true,
      platform: 'windows',
    });
    for (const bad of [{ enabled: 'yes' }, {}, undefined, { enabled: true, program: 'C:\\x.exe' }])
      await expect(invoke(Channels.engineSetBoot, bad)).rejects.toThrow(/^bad-payload$/);
    expect(boot.calls).toEqual([true]);
  });

  it.each(['cancelled', 'boot-failed', 'unavailable'] as const)(
    'passes the boot change failure %s through as its code',
    async (code) => {
      boot.setEnabled = async () => {
        throw new CodedError(code);
      };
      await expect(invoke(Channels.engineSetBoot, { enabled: false })).rejects.toThrow(
        new RegExp(`^${code}$`),
      );
    },
  );

  it('persists settings in the config document and answers the new settings', async () => {
    const settings = await invoke(Channels.settingsSet, { language: 'ja', theme: 'dark' });
    expect(settings).toMatchObject({ language: 'ja', theme: 'dark', notifications: true });
    expect(config.document.app).toMatchObject({ language: 'ja', theme: 'dark' });
  });

  describe('history:availability', () => {
    it('answers the tunnel’s availability over the asked period, without anything extra', async () => {
      const answer = (await invoke(Channels.historyAvailability, {
        id: 'lic',
        range: '7d',
      })) as Record<string, unknown>;
      expect(history.asked).toEqual([{ id: 'lic', range: '7d' }]);
      expect(answer).toMatchObject({ id: 'lic', uptimePercent: 99.35 });
      expect(answer.segments).toHaveLength(3);
      expect(answer.outages).toMatchObject([{ cause: 'keepalive-timeout', ongoing: false }]);
      // The folder the service read stays in main.
      expect(answer).not.toHaveProperty('dir');
      expect(JSON.stringify(answer)).not.toContain('AppData');
    });

    it('answers for a saved profile the supervisor does not know yet', async () => {
      config.write({
        ...config.document,
        profiles: [...config.document.profiles, ProfileSchema.parse({ ...PROFILE, id: 'new' })],
      });
      await expect(
        invoke(Channels.historyAvailability, { id: 'new', range: '24h' }),
      ).resolves.toMatchObject({ id: 'new' });
    });

    it('answers not-found for a tunnel that does not exist, reading nothing', async () => {
      await expect(
        invoke(Channels.historyAvailability, { id: 'nope', range: '24h' }),
      ).rejects.toThrow(/^not-found$/);
      expect(history.asked).toEqual([]);
    });

    it.each([
      ['no range', { id: 'lic' }],
      ['a period of its own', { id: 'lic', range: '365d' }],
      ['from and to of its own', { id: 'lic', range: '24h', from: 0, to: Date.now() }],
      ['a folder to read', { id: 'lic', range: '24h', dir: '/etc' }],
      ['an empty id', { id: '', range: '24h' }],
      ['a bare id', 'lic'],
      ['nothing', undefined],
    ])('rejects %s with bad-payload, reading nothing', async (_what, payload) => {
      await expect(invoke(Channels.historyAvailability, payload)).rejects.toThrow(/^bad-payload$/);
      expect(history.asked).toEqual([]);
    });

    it('rejects a result the contract does not allow as internal (a state it does not know)', async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const real = history.availability;
      history.availability = async (id, range) =>
        ({
          ...(await real(id, range)),
          segments: [
            { from: 0, to: 1, durationMs: 1, state: 'exploded', cause: null, detail: null },
          ],
        }) as unknown as Awaited<ReturnType<typeof real>>;
      await expect(
        invoke(Channels.historyAvailability, { id: 'lic', range: '24h' }),
      ).rejects.toThrow(/^internal$/);
      logged.mockRestore();
    });
  });
});
