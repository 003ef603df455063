import { supportedAlgorithms } from '../../main/core/config/algorithms';
import type { Availability, AvailabilityRange, Settings } from '../../contract';
import type { Handlers } from './e2e-page-bridge';

/** A bridge with nothing configured, for the window's first start (no core involved). */
export function emptyHandlers(locale: string): Handlers {
  let settings: Settings = {
    language: 'system',
    startAtLogin: false,
    notifications: true,
    theme: 'system',
  };
  const handlers = {
    appInfo: () => ({
      version: '9.9.9-test',
      platform: 'linux',
      locale,
      algorithms: supportedAlgorithms(),
    }),
    openExternal: () => undefined,
    listTunnels: () => [],
    startTunnel: () => undefined,
    stopTunnel: () => undefined,
    tailLog: () => [],
    getSettings: () => settings,
    setSettings: (patch: Partial<Settings>) => (settings = { ...settings, ...patch }),
    listProfiles: () => [],
    saveProfile: (profile: unknown) => profile,
    deleteProfile: () => undefined,
    listKeys: () => [],
    convertKey: () => {
      throw new Error('unavailable');
    },
    generateKey: () => {
      throw new Error('unavailable');
    },
    storeSecret: () => undefined,
    deleteSecret: () => undefined,
    runDiagnostics: () => {
      throw new Error('unavailable');
    },
    // The boot switch as a machine without the service shows it (the OS asks on a change).
    bootStatus: () => ({ installed: false, needsAdmin: true, platform: 'linux' }),
    // No engine has written any history here: the whole period was not monitored.
    availability: (id: string, range: AvailabilityRange): Availability => {
      const to = Date.now();
      const from = to - (range === '7d' ? 7 : 1) * 86_400_000;
      return {
        id,
        range,
        from,
        to,
        segments: [
          { from, to, durationMs: to - from, state: 'not-monitored', cause: null, detail: null },
        ],
        monitoredMs: 0,
        connectedMs: 0,
        notMonitoredMs: to - from,
        uptimePercent: null,
        outages: [],
      };
    },
  };
  return handlers as unknown as Handlers;
}
