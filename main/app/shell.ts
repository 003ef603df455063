import { app, ipcMain, net, powerMonitor, type IpcMain } from 'electron';
import path from 'node:path';
import { Events, type TunnelSummary } from '../../contract';
import { needsUser } from '../../contract/tunnel-state';
import { supportedAlgorithms } from '../core/config/algorithms';
import { VERSION } from '../core/version';
import { registerIpcHandlers } from './ipc/handlers';
import { coreMigration } from './core-migration';
import { createRendererEvents } from './ipc/events';
import type { BootService } from './engine-boot';
import { startsHidden, type LoginItem } from './login-item';
import { createHostKeyPrompts } from './host-key-prompts';
import { createMainWindowController } from './main-window';
import { showNativeNotification } from './native-notification';
import { createTunnelNotifier } from './notifications';
import { unlockKeysAtStart } from './key-unlock';
import { nativeFileDialogs } from './dialogs';
import { coreHistory } from './core-history';
import { CodedError, errorCode } from './errors';
import type {
  ConfigRepository,
  DiagnosticsService,
  HistoryService,
  HostKeyConfirmations,
  ImportService,
  KeyService,
  TunnelService,
} from './ports';
import { watchForNudges } from './power-events';
import { createRateLimiter } from './rate-limiter';
import type { SecretStore } from './secret-store';
import { openExternalIfAllowed } from './security';
import { createSettingsService } from './settings';
import { shellLanguage, shellStrings } from './strings';
import { createTray } from './tray';

export interface ShellOptions {
  assetsDir: string;
  preloadPath: string;
  argv: readonly string[];
  devTools: boolean;
  config: ConfigRepository;
  loginItem: LoginItem;
  secrets: SecretStore;
  tunnels: TunnelService;
  keys: KeyService;
  diagnostics: DiagnosticsService;
  imports: ImportService;
  /** The availability history on disk; by default the data dir's (`historyDir`). */
  history?: HistoryService;
  /** Server keys the engine holds back for the user (policy `ask`). */
  hostKeyConfirmations?: HostKeyConfirmations;
  /** The engine's boot service; without it the window says there is none on this OS. */
  boot?: BootService;
  /** Shown by the window's "open folder" links and needed for the CLI's `--config`. */
  paths: { config: string; logs: string };
  /** A flapping tunnel: 3 toasts per 10 minutes; an outage: 4 toasts a minute overall. */
  notificationLimits?: Parameters<typeof createRateLimiter>[0];
}

const log = (what: string) => (error: unknown) => console.error(`${what}:`, error);

/** No boot service here: nothing installed, nothing to change. */
const NO_BOOT_SERVICE: BootService = {
  status: async () => ({ installed: false, needsAdmin: false, platform: null }),
  setEnabled: async () => {
    throw new CodedError('unavailable');
  },
};

/** Wires the tray, window, notifications, settings and IPC to the services. Call when ready. */
export async function startShell(o: ShellOptions) {
  const settings = createSettingsService(o.config, o.loginItem);
  await settings.get().catch(log('settings'));
  const strings = () => shellStrings(shellLanguage(settings.current().language, app.getLocale()));
  // Linux notification daemons show no app icon unless given one; Windows uses the AUMID's.
  const appIcon = path.join(o.assetsDir, 'icon.png');

  const window = createMainWindowController(o.preloadPath, {
    devTools: o.devTools,
    onHiddenToTray: () => {
      if (settings.trayHintShown()) return;
      const s = strings();
      showNativeNotification(
        { title: s.keptInTrayTitle, body: s.keptInTrayBody, onClick: open },
        appIcon,
      );
      try {
        settings.markTrayHintShown();
      } catch (error) {
        log('tray hint')(error);
      }
    },
  });
  function open(): void {
    window.open();
  }
  const events = createRendererEvents(window.webContents);

  // Anything main must tell a page that may not be open (or loaded) yet.
  const tellWindow = (send: () => void) => void window.open().loaded.then(send);
  const openTroubleshooting = (tunnelId: string) =>
    tellWindow(() => events.send(Events.tunnelsTroubleshoot, { tunnelId }));
  const hostKeys = createHostKeyPrompts({
    config: o.config,
    tunnels: o.tunnels,
    diagnostics: o.diagnostics,
    ...(o.hostKeyConfirmations ? { confirmations: o.hostKeyConfirmations } : {}),
    ask: (prompt) => tellWindow(() => events.send(Events.tunnelsHostKey, prompt)),
  });
  const notifier = createTunnelNotifier({
    show: (n) => showNativeNotification(n, appIcon),
    limiter: createRateLimiter(
      o.notificationLimits ?? {
        perKey: { limit: 3, windowMs: 10 * 60_000 },
        overall: { limit: 4, windowMs: 60_000 },
      },
    ),
    enabled: () => settings.current().notifications,
    strings,
    openTroubleshooting,
  });

  const tray = createTray(
    o.assetsDir,
    {
      openWindow: open,
      // The tray has no place for errors: a failed start is told as a notification.
      startTunnel: (id) =>
        void o.tunnels.start(id).catch((error: unknown) => {
          log(`start ${id}`)(error);
          const name = o.tunnels.list().find((t) => t.id === id)?.name ?? id;
          showNativeNotification(
            { title: strings().startFailed(name, errorCode(error)), body: '', onClick: open },
            appIcon,
          );
        }),
      stopTunnel: (id) => void o.tunnels.stop(id).catch(log(`stop ${id}`)),
      setStartAtLogin: (enabled) =>
        void settings.set({ startAtLogin: enabled }).catch(log('start at login')),
      quit: () => app.quit(),
    },
    { tunnels: [], startAtLogin: settings.current().startAtLogin, strings: strings() },
  );
  // Rebuilding a tray menu is not free: only when what it shows changed, not on every counter.
  let trayKey = '';
  const refreshTray = () => {
    const tunnels: TunnelSummary[] = o.tunnels.list();
    const key = JSON.stringify([tunnels.map((t) => [t.id, t.name, t.state]), settings.current()]);
    if (key === trayKey) return;
    trayKey = key;
    tray.update({ tunnels, startAtLogin: settings.current().startAtLogin, strings: strings() });
  };
  refreshTray();

  const disposers = [
    o.tunnels.on((event) => {
      if (event.type === 'log') return events.send(Events.logsLine, event.line);
      refreshTray();
      if (event.previous !== event.tunnel.state) {
        notifier.onTransition(event.tunnel, event.previous);
        if (needsUser(event.tunnel.state))
          void hostKeys.onFailed(event.tunnel).catch(log('host key'));
      }
      events.send(Events.tunnelsChanged, o.tunnels.list());
    }),
    settings.on((current) => {
      refreshTray();
      events.send(Events.settingsChanged, current);
    }),
    // The window or the CLI changed the config: new profiles for the supervisor, maybe settings.
    o.config.onChange((document) => {
      void o.tunnels.reload(document).then(() => {
        refreshTray();
        events.send(Events.tunnelsChanged, o.tunnels.list());
      }, log('reload'));
      void settings.refresh().catch(log('settings'));
    }),
    watchForNudges(powerMonitor, { isOnline: () => net.isOnline() }, (reason) =>
      o.tunnels.nudge(reason),
    ),
    registerIpcHandlers(ipcMain as IpcMain, {
      appInfo: () => ({
        version: VERSION,
        platform: process.platform,
        locale: app.getLocale(),
        algorithms: supportedAlgorithms(),
      }),
      appPaths: () => o.paths,
      openExternal: openExternalIfAllowed,
      dialogs: nativeFileDialogs(window.browserWindow),
      imports: o.imports,
      hostKeys,
      tunnels: o.tunnels,
      settings,
      config: o.config,
      keys: o.keys,
      secrets: o.secrets,
      diagnostics: o.diagnostics,
      history: o.history ?? coreHistory(),
      boot: o.boot ?? NO_BOOT_SERVICE,
      migration: coreMigration(() => o.config.read().profiles),
      progress: {
        diagnosticsStep: (tunnelId, step) =>
          events.send(Events.diagnosticsStep, { tunnelId, step }),
      },
    }),
  ];

  warnIfConfigUnreadable(o.config, o.paths.config, strings(), appIcon, open);
  // Keys marked "unlock at start" first, so the autostarted tunnels can sign with them.
  const unlocking = unlockKeysAtStart({
    tunnels: o.tunnels,
    show: (n) => showNativeNotification(n, appIcon),
    strings,
    openKeys: (keyFile) => tellWindow(() => events.send(Events.uiOpenKeys, { keyFile })),
  });
  if (!startsHidden(o.argv, app.getLoginItemSettings().wasOpenedAtLogin)) window.open();
  await unlocking;
  autostartProfiles(o.config, o.tunnels);

  let quitting: Promise<void> | undefined;
  return {
    window,
    tray,
    settings,
    /**
     * Stops the tunnels (releasing their cross-process locks, so the CLI or the next start can
     * take over at once) and then lets the app quit; a stuck stop does not hold it past 5 s.
     */
    quit(): Promise<void> {
      window.prepareToQuit();
      quitting ??= Promise.race([
        o.tunnels.shutdown().catch(log('shutdown')),
        new Promise<void>((resolve) => setTimeout(resolve, 5000).unref?.()),
      ]);
      return quitting;
    },
    dispose: () => {
      disposers.forEach((dispose) => dispose());
      tray.destroy();
    },
  };
}

/**
 * A config the app cannot read (hand-edited, or from a newer version) is left untouched; the
 * user is told at once rather than finding an empty tunnel list.
 */
function warnIfConfigUnreadable(
  config: ConfigRepository,
  file: string,
  s: ReturnType<typeof shellStrings>,
  icon: string,
  onClick: () => void,
): void {
  try {
    config.read();
  } catch (error) {
    log('config')(error);
    showNativeNotification(
      { title: s.configInvalidTitle, body: s.configInvalidBody(file), onClick },
      icon,
    );
  }
}

/** Brings up the profiles marked `autostart`, as `tunnelkeeper up` would. */
export function autostartProfiles(config: ConfigRepository, tunnels: TunnelService): string[] {
  let profiles;
  try {
    profiles = config.read().profiles;
  } catch (error) {
    log('autostart')(error);
    return [];
  }
  const started = profiles.filter((p) => p.autostart).map((p) => p.id);
  for (const id of started) void tunnels.start(id).catch(log(`autostart ${id}`));
  return started;
}
