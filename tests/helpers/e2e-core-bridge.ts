import { supportedAlgorithms } from '../../main/core/config/algorithms';
import path from 'node:path';
import type {
  AppInfo,
  AvailabilityRange,
  ConvertKeyRequest,
  GenerateKeyRequest,
  Settings,
} from '../../contract';
import { coreDiagnostics } from '../../main/app/core-diagnostics';
import { coreMigration, type PuttyRegistry } from '../../main/app/core-migration';
import type { MigrationSeam } from '../../main/core/migration/index';
import { coreHistory } from '../../main/app/core-history';
import { coreImports } from '../../main/app/core-imports';
import { coreKeyService } from '../../main/app/core-keys';
import { adaptCoreTunnels } from '../../main/app/core-tunnels';
import { CodedError } from '../../main/app/errors';
import { exportDiagnostics, exportLog } from '../../main/app/exports';
import type { FileDialogs } from '../../main/app/ports';
import type { EngineServices } from '../../main/app/engine-services';
import {
  emptyConfig,
  ProfileSchema,
  saveConfig,
  type ConfigDocument,
} from '../../main/core/config/profile';
import { TunnelService } from '../../main/core/service';
import type { Handlers, PageBridge } from './e2e-page-bridge';

/**
 * The Api implemented in the test process on the app's own main-process adapters
 * (main/app/core-*.ts) over the real core: the tunnel service (against a real sshd),
 * diagnostics, importers and the key toolkit. Profiles live in memory as the app's store would
 * keep them; events go to the page through the PageBridge as the shell sends them.
 */
export interface CoreBridge {
  handlers: Handlers;
  service: TunnelService;
  /** What the window's "keep it running at startup" asked for. */
  bootInstalled(): boolean;
  /** The saved profiles now (as the app's config store holds them). */
  profiles(): ConfigDocument['profiles'];
  connect(bridge: PageBridge): void;
  close(): Promise<void>;
}

export function createCoreBridge(options: {
  dir: string;
  locale: string;
  /** Attached to a running engine (its config file and the app's engine-side ports). */
  engine?: { services: EngineServices; configFile: string; config: ConfigDocument };
  /** The availability history folder the window reads (default: `<dir>/history`, empty). */
  historyDir?: string;
  /** The saved profiles at the start (as the app's store would have them). */
  config?: ConfigDocument;
  /** The machine's Task Scheduler and Startup folders (a fake: the Windows calls are a seam). */
  migrationSeam?: MigrationSeam;
  /** PuTTY's registry (`reg export` text; a fake: the Windows call is a seam). */
  puttyRegistry?: PuttyRegistry;
}): CoreBridge {
  const service = new TunnelService({
    runtimeDir: path.join(options.dir, 'run'),
    logDir: path.join(options.dir, 'logs'),
    emitLogEvents: true,
  });
  let config: ConfigDocument = options.engine?.config ?? options.config ?? emptyConfig();
  const readProfiles = () => config.profiles;
  const tunnels = options.engine?.services.tunnels ?? adaptCoreTunnels(service, readProfiles);
  const keys = coreKeyService(readProfiles, options.engine?.services.keyring ?? service.keyring);
  const diagnostics = coreDiagnostics(readProfiles);
  const migration = coreMigration(
    readProfiles,
    options.migrationSeam ?? null,
    options.puttyRegistry ?? null,
  );
  const history = coreHistory({ dir: options.historyDir ?? path.join(options.dir, 'history') });
  let settings: Settings = {
    language: 'system',
    startAtLogin: false,
    notifications: true,
    theme: 'system',
  };
  let bridge: PageBridge | undefined;
  let bootInstalled = false;

  // The shell's wiring: each tunnel event pushes the list, each log event its line.
  const unsubscribe = tunnels.on((event) => {
    if (event.type === 'log') void bridge?.emit('onLogLine', event.line);
    else void bridge?.emit('onTunnelsChanged', tunnels.list());
  });
  // The store's write and the shell's onChange: the supervisor learns the profiles, the page too.
  const write = async (next: ConfigDocument) => {
    config = next;
    // As the app's store does: the engine reads the same file the window writes.
    if (options.engine) await saveConfig(options.engine.configFile, next);
    await tunnels.reload(next);
    void bridge?.emit('onTunnelsChanged', tunnels.list());
  };
  /** The save dialog of the shell answers with a fixed path per tunnel here. */
  const savingTo = (file: string): FileDialogs => ({
    chooseFile: () => Promise.resolve(null),
    chooseSavePath: () => Promise.resolve(path.join(options.dir, file)),
    reveal: () => undefined,
  });

  const handlers = {
    appInfo: (): AppInfo => ({
      version: '0.1.0-e2e',
      platform: 'win32',
      locale: options.locale,
      algorithms: supportedAlgorithms(),
    }),
    openExternal: () => undefined,
    listTunnels: () => tunnels.list(),
    startTunnel: (id: string) => tunnels.start(id),
    stopTunnel: (id: string) => tunnels.stop(id),
    tailLog: (id: string, limit = 500) => tunnels.tail(id, limit),
    getSettings: () => settings,
    setSettings: (patch: Partial<Settings>) => {
      settings = { ...settings, ...patch };
      void bridge?.emit('onSettingsChanged', settings);
      return settings;
    },
    listProfiles: () => config.profiles,
    saveProfile: async (input: unknown) => {
      const saved = ProfileSchema.parse(input);
      const index = config.profiles.findIndex((p) => p.id === saved.id);
      const profiles = [...config.profiles];
      if (index < 0) profiles.push(saved);
      else profiles[index] = saved;
      await write({ ...config, profiles });
      return saved;
    },
    deleteProfile: async (id: string) => {
      if (!config.profiles.some((p) => p.id === id)) throw new CodedError('not-found');
      await write({ ...config, profiles: config.profiles.filter((p) => p.id !== id) });
    },
    listKeys: () => keys.list(),
    convertKey: (request: ConvertKeyRequest) => keys.convert(request),
    generateKey: (request: GenerateKeyRequest) => keys.generate(request),
    inspectKey: (file: string, passphrase?: string) => keys.inspect(file, passphrase),
    checkPublicKey: (text: string) => keys.checkPublic(text),
    unlockKey: (file: string, passphrase?: string) => keys.unlock(file, passphrase),
    lockKey: (id: string) => keys.lock(id),
    storeSecret: () => undefined,
    deleteSecret: () => undefined,
    runDiagnostics: (id: string) =>
      diagnostics.run(id, (step) => void bridge?.emit('onDiagnosticsStep', { tunnelId: id, step })),
    presentedHostKey: (id: string) => diagnostics.presentedHostKey(id),
    migrationRunners: (id: string) => migration.runnersFor(id),
    disableRunner: (location: string) => migration.disable(location),
    puttySessions: () => migration.puttySessions(config.profiles.map((p) => p.id)),
    puttyHostKey: (id: string) => migration.puttyHostKey(id),
    pageantKeys: () => migration.pageantKeys(),
    exportDiagnostics: (id: string) =>
      exportDiagnostics(tunnels, diagnostics, savingTo(`diagnosis-${id}.zip`), id),
    exportLog: (id: string) => exportLog(tunnels, savingTo(`${id}.log`), id),
    previewImport: (source: string, text: string) =>
      coreImports.preview(
        source,
        text,
        config.profiles.map((p) => p.id),
      ),
    appPaths: () => ({
      config: path.join(options.dir, 'config.json'),
      logs: path.join(options.dir, 'logs'),
    }),
    answerHostKey: () => undefined,
    // The boot switch as a machine without the service shows it (installing it needs rights);
    // "installing" only records the choice (the service itself: tests/core/engine/boot).
    bootStatus: () => ({ installed: bootInstalled, needsAdmin: true, platform: 'linux' }),
    setBoot: (enabled: boolean) => {
      bootInstalled = enabled;
      return { installed: enabled, needsAdmin: true, platform: 'linux' };
    },
    // The handler's check first (a tunnel or a saved profile), then the app's adapter.
    availability: (id: string, range: AvailabilityRange) => {
      if (!tunnels.list().some((t) => t.id === id) && !config.profiles.some((p) => p.id === id))
        throw new CodedError('not-found');
      return history.availability(id, range);
    },
  };

  return {
    handlers: handlers as unknown as Handlers,
    service,
    bootInstalled: () => bootInstalled,
    profiles: () => config.profiles,
    connect: (b) => {
      bridge = b;
    },
    close: async () => {
      unsubscribe();
      await tunnels.shutdown();
    },
  };
}
