import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import {
  Requests,
  type AppInfo,
  type AppPaths,
  type Channel,
  type DiagnosticStep,
  type HostKeyDecision,
  type Profile,
  type RequestPayload,
  type RequestResult,
} from '../../../contract';
import type { MigrationService } from '../core-migration';
import type { BootService } from '../engine-boot';
import { CodedError, errorCode } from '../errors';
import { exportDiagnostics, exportLog } from '../exports';
import { restartKeyLockedTunnels } from '../key-unlock';
import type {
  ConfigRepository,
  DiagnosticsService,
  FileDialogs,
  HistoryService,
  ImportService,
  KeyService,
  TunnelService,
} from '../ports';
import type { SecretStore } from '../secret-store';
import type { SettingsService } from '../settings';
import { assertTrustedSender, parsePayload } from './validate';

/** Everything the handlers reach; each is a port the tests replace with a fake. */
export interface IpcServices {
  appInfo(): AppInfo;
  appPaths(): AppPaths;
  openExternal(url: string): boolean;
  dialogs: FileDialogs;
  imports: ImportService;
  hostKeys: { answer(tunnelId: string, decision: HostKeyDecision): Promise<void> };
  tunnels: TunnelService;
  settings: SettingsService;
  config: ConfigRepository;
  keys: KeyService;
  secrets: SecretStore;
  diagnostics: DiagnosticsService;
  /** The engine's boot service ("keep tunnels running at startup"). */
  boot: BootService;
  /** The availability history the engine keeps on disk. */
  history: HistoryService;
  /** PuTTY's runners of a tunnel (Windows): found and disabled before Tunnelkeeper takes over. */
  migration?: MigrationService;
  /** Pushes a running diagnosis's checks to the window as they are settled. */
  progress?: { diagnosticsStep(tunnelId: string, step: DiagnosticStep): void };
}

type Implementations = {
  [C in Channel]: (payload: RequestPayload<C>) => RequestResult<C> | Promise<RequestResult<C>>;
};

function requireTunnel(tunnels: TunnelService, id: string): void {
  if (!tunnels.list().some((t) => t.id === id)) throw new CodedError('not-found');
}

/**
 * A tunnel the supervisor knows, or a saved profile it has not picked up yet (the window shows
 * it as a stopped row): its history is worth showing; anything else is `not-found`.
 */
function requireTunnelOrProfile(s: IpcServices, id: string): void {
  if (s.tunnels.list().some((t) => t.id === id)) return;
  let profiles: Profile[] = [];
  try {
    profiles = s.config.read().profiles;
  } catch {
    // an unreadable config names no profile
  }
  if (!profiles.some((p) => p.id === id)) throw new CodedError('not-found');
}

function implementations(s: IpcServices): Implementations {
  return {
    'app:info': () => s.appInfo(),
    'app:open-external': ({ url }) => {
      if (!s.openExternal(url)) throw new CodedError('url-not-allowed');
    },
    'app:paths': () => s.appPaths(),
    'app:choose-file': ({ purpose }) => s.dialogs.chooseFile(purpose),
    'tunnels:list': () => s.tunnels.list(),
    'tunnels:start': async ({ id }) => {
      requireTunnel(s.tunnels, id);
      await s.tunnels.start(id);
    },
    'tunnels:stop': async ({ id }) => {
      requireTunnel(s.tunnels, id);
      await s.tunnels.stop(id);
    },
    'logs:tail': ({ tunnelId, limit }) => {
      requireTunnel(s.tunnels, tunnelId);
      return s.tunnels.tail(tunnelId, limit);
    },
    'tunnels:answer-host-key': ({ tunnelId, decision }) => s.hostKeys.answer(tunnelId, decision),
    'logs:export': async ({ id }) => {
      requireTunnel(s.tunnels, id);
      return exportLog(s.tunnels, s.dialogs, id);
    },
    'settings:get': () => s.settings.get(),
    'settings:set': (patch) => s.settings.set(patch),
    'profiles:list': () => s.config.read().profiles,
    'profiles:save': (profile) => {
      const document = s.config.read();
      const others = document.profiles.filter((p) => p.id !== profile.id);
      const index = document.profiles.findIndex((p) => p.id === profile.id);
      // Keep the profile's place in the list when it is edited; append a new one.
      const profiles = [...others];
      profiles.splice(index < 0 ? others.length : index, 0, profile);
      s.config.write({ ...document, profiles });
      return profile;
    },
    'profiles:delete': ({ id }) => {
      const document = s.config.read();
      if (!document.profiles.some((p) => p.id === id)) throw new CodedError('not-found');
      s.config.write({ ...document, profiles: document.profiles.filter((p) => p.id !== id) });
    },
    'keys:list': () => s.keys.list(),
    'keys:convert': (request) => s.keys.convert(request),
    'keys:generate': (request) => s.keys.generate(request),
    'keys:inspect': ({ path, passphrase }) => s.keys.inspect(path, passphrase),
    'keys:check-public': ({ text }) => s.keys.checkPublic(text),
    'keys:unlock': async ({ path, passphrase }) => {
      const summary = await s.keys.unlock(path, passphrase);
      // Unlock once and it works: tunnels that failed for want of this key start again.
      let profiles: Profile[] = [];
      try {
        profiles = s.config.read().profiles;
      } catch {
        // an unreadable config restarts nothing
      }
      await restartKeyLockedTunnels(s.tunnels, profiles, path);
      return summary;
    },
    'keys:lock': ({ id }) => s.keys.lock(id),
    'imports:preview': ({ source, text }) =>
      s.imports.preview(
        source,
        text,
        s.config.read().profiles.map((p) => p.id),
      ),
    'secrets:store': ({ ref, secret }) => s.secrets.set(ref, secret),
    'secrets:delete': ({ ref }) => s.secrets.delete(ref),
    'diagnostics:run': async ({ tunnelId }) => {
      requireTunnel(s.tunnels, tunnelId);
      return s.diagnostics.run(tunnelId, (step) => s.progress?.diagnosticsStep(tunnelId, step));
    },
    'diagnostics:host-key': async ({ tunnelId }) => {
      requireTunnelOrProfile(s, tunnelId);
      return s.diagnostics.presentedHostKey(tunnelId);
    },
    'diagnostics:export': async ({ tunnelId }) => {
      requireTunnel(s.tunnels, tunnelId);
      return exportDiagnostics(s.tunnels, s.diagnostics, s.dialogs, tunnelId);
    },
    'engine:boot-status': () => s.boot.status(),
    'engine:set-boot': ({ enabled }) => s.boot.setEnabled(enabled),
    'history:availability': ({ id, range }) => {
      requireTunnelOrProfile(s, id);
      return s.history.availability(id, range);
    },
    'migration:runners': async ({ profileId }) => {
      requireTunnelOrProfile(s, profileId);
      return s.migration ? s.migration.runnersFor(profileId) : [];
    },
    'migration:disable': async ({ location }) => {
      if (!s.migration) throw new CodedError('not-found');
      return s.migration.disable(location);
    },
    'migration:putty-sessions': async () => {
      if (!s.migration) throw new CodedError('unsupported');
      return s.migration.puttySessions(s.config.read().profiles.map((p) => p.id));
    },
    'migration:putty-host-key': async ({ profileId }) => {
      requireTunnelOrProfile(s, profileId);
      return s.migration ? s.migration.puttyHostKey(profileId) : null;
    },
    'migration:pageant-keys': async () => (s.migration ? s.migration.pageantKeys() : []),
  };
}

/**
 * Registers one handler per channel of the contract. Each checks the sender, parses the payload
 * with the contract's schema, and parses the result too (which strips anything the contract
 * does not name, such as a passphrase). Failures cross as a code only; the detail is logged here.
 */
export function registerIpcHandlers(ipcMain: IpcMain, services: IpcServices): () => void {
  const table = implementations(services);
  const channels = Object.keys(Requests) as Channel[];
  for (const channel of channels) {
    const { payload: payloadSchema, result: resultSchema } = Requests[channel] as {
      payload: z.ZodType;
      result: z.ZodType;
    };
    const implementation = table[channel] as (payload: unknown) => unknown;
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
      try {
        assertTrustedSender(event);
        const result = await implementation(parsePayload(payloadSchema, payload));
        return resultSchema.parse(result);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'internal') console.error(`ipc ${channel} failed:`, error);
        // Errors cross the bridge as codes only.
        throw new Error(code);
      }
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}
