import path from 'node:path';
import { Keyring } from '../core/auth/agent/keyring';
import { historyDir } from '../core/history';
import { defaultDataDir } from '../core/logging/paths';
import { TunnelService as CoreTunnelService } from '../core/service';
import { coreDiagnostics } from './core-diagnostics';
import { coreHistory } from './core-history';
import { coreImports } from './core-imports';
import { coreKeyService } from './core-keys';
import { adaptCoreTunnels } from './core-tunnels';
import type { EngineServices } from './engine-services';
import type {
  ConfigRepository,
  DiagnosticsService,
  HistoryService,
  HostKeyConfirmations,
  ImportService,
  KeyService,
  TunnelService,
} from './ports';
import type { SecretStore } from './secret-store';

export interface CoreServices {
  tunnels: TunnelService;
  keys: KeyService;
  diagnostics: DiagnosticsService;
  imports: ImportService;
  /** The availability history the engine writes to the data dir, read back for the window. */
  history: HistoryService;
  hostKeyConfirmations: HostKeyConfirmations;
  /** The folder the tunnel logs go to (the CLI's). */
  logDir: string;
}

/**
 * The seam where main/core is fitted to the shell's ports. Tunnels run on the core's service
 * façade with the CLI's folders (logs, known_hosts, locks), so the app and `tunnelkeeper up`
 * share host keys and can never run the same profile twice; keys and diagnostics are the
 * CLI's `keys` and `diagnose` over the same profiles.
 */
export function createCoreServices(deps: {
  config: ConfigRepository;
  secrets: SecretStore;
  /** The running engine's tunnels, keys and host-key confirmations, when attached. */
  engine?: EngineServices;
}): CoreServices {
  const dataDir = defaultDataDir();
  const logDir = path.join(dataDir, 'logs');
  // One keyring: keys the admin unlocks in the window are the ones the tunnels sign with.
  const keyring = new Keyring();
  const core = new CoreTunnelService({
    keyring,
    logDir,
    knownHostsFile: path.join(dataDir, 'known_hosts'),
    // Passwords named by a profile's passwordRef, decrypted by the OS only when needed.
    resolveSecret: async (ref) => deps.secrets.get(ref),
    emitLogEvents: true,
  });
  const profiles = () => deps.config.read().profiles;
  const { engine } = deps;
  return {
    tunnels: engine?.tunnels ?? adaptCoreTunnels(core, profiles),
    keys: coreKeyService(profiles, engine?.keyring ?? keyring),
    diagnostics: coreDiagnostics(profiles),
    imports: coreImports,
    history: coreHistory({ dir: historyDir(dataDir) }),
    hostKeyConfirmations: engine?.hostKeyConfirmations ?? {
      pendingFor: (host, port) =>
        core.pendingHostKeys().find((p) => p.host === host && p.port === port),
    },
    logDir,
  };
}
