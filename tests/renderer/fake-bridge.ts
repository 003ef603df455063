import { supportedAlgorithms } from '../../main/core/config/algorithms';
import { vi } from 'vitest';
import type { Bridge } from '../../renderer/src/bridge';
import { initialState, useAppStore } from '../../renderer/src/store';
import { emptyAvailability } from './samples';

type Listener = (payload: never) => void;

/**
 * A bridge whose every method is a spy (the whole Api: the preload ships with the window, so
 * the window may call any of them); `emit` plays main's events.
 */
export function fakeBridge(overrides: Partial<Bridge> = {}) {
  const listeners = new Map<string, Set<Listener>>();
  const on = (name: string) =>
    vi.fn((listener: Listener) => {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    });
  const api = {
    appInfo: vi.fn(async () => ({
      version: '1.0.0',
      platform: 'win32',
      locale: 'en-US',
      algorithms: supportedAlgorithms(),
    })),
    openExternal: vi.fn(async () => undefined),
    appPaths: vi.fn(async () => ({
      config: '/home/admin/.config/tunnelkeeper/config.json',
      logs: '/home/admin/.local/state/tunnelkeeper/logs',
    })),
    chooseFile: vi.fn(async () => null),
    pathForFile: vi.fn(() => ''),
    listTunnels: vi.fn(async () => []),
    startTunnel: vi.fn(async () => undefined),
    stopTunnel: vi.fn(async () => undefined),
    onTunnelsChanged: on('onTunnelsChanged'),
    answerHostKey: vi.fn(async () => undefined),
    onOpenTroubleshooting: on('onOpenTroubleshooting'),
    tailLog: vi.fn(async () => []),
    onLogLine: on('onLogLine'),
    getSettings: vi.fn(async () => initialState.settings),
    setSettings: vi.fn(async (patch: object) => ({ ...initialState.settings, ...patch })),
    onSettingsChanged: on('onSettingsChanged'),
    listProfiles: vi.fn(async () => []),
    saveProfile: vi.fn(async (profile: unknown) => profile),
    deleteProfile: vi.fn(async () => undefined),
    listKeys: vi.fn(async () => []),
    convertKey: vi.fn(),
    generateKey: vi.fn(),
    // An unknown key file, as main says for a path it cannot read.
    inspectKey: vi.fn(async () => {
      throw new Error('key-unreadable');
    }),
    checkPublicKey: vi.fn(async () => ({
      ok: false,
      keyType: null,
      fingerprint: null,
      problem: 'empty',
      message: 'no key',
      suggestion: null,
      comment: null,
    })),
    unlockKey: vi.fn(),
    lockKey: vi.fn(async () => undefined),
    previewImport: vi.fn(async () => ({ profiles: [], warnings: [] })),
    storeSecret: vi.fn(async () => undefined),
    deleteSecret: vi.fn(async () => undefined),
    runDiagnostics: vi.fn(),
    onDiagnosticsStep: on('onDiagnosticsStep'),
    presentedHostKey: vi.fn(async () => null),
    migrationRunners: vi.fn(async () => []),
    disableRunner: vi.fn(async () => ({ undo: '' })),
    puttySessions: vi.fn(async () => {
      throw new Error('unsupported');
    }),
    puttyHostKey: vi.fn(async () => null),
    pageantKeys: vi.fn(async () => []),
    exportDiagnostics: vi.fn(async () => null),
    exportLog: vi.fn(async () => null),
    bootStatus: vi.fn(async () => ({ installed: false, needsAdmin: true, platform: 'windows' })),
    setBoot: vi.fn(async (enabled: boolean) => ({
      installed: enabled,
      needsAdmin: true,
      platform: 'windows',
    })),
    // No engine has watched anything yet: the whole period is not monitored.
    availability: vi.fn(async (id: string, range: '24h' | '7d') => ({
      ...emptyAvailability(range),
      id,
    })),
    onHostKeyPrompt: on('onHostKeyPrompt'),
    onOpenKeys: on('onOpenKeys'),
    ...overrides,
  } as unknown as Bridge;
  const emit = (name: string, payload: unknown) => {
    for (const listener of listeners.get(name) ?? []) (listener as (p: unknown) => void)(payload);
  };
  (window as unknown as { tunnelkeeper: Bridge }).tunnelkeeper = api;
  return { api, emit, listeners };
}

export function resetStore(): void {
  useAppStore.setState(initialState, true);
}
