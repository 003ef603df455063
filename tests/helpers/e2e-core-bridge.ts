import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  AppInfo,
  KeyResult,
  KeySummary,
  Settings,
  TunnelSnapshot,
} from '../../preload/contract';
import { fromCoreSnapshot, stoppedSnapshot, toLogLine } from '../../main/app/core-snapshot';
import { ProfileSchema, type Profile } from '../../main/core/config/profile';
import { buildBundle, runDiagnostics, writeBundle } from '../../main/core/diagnostics';
import { importText } from '../../main/core/imports/import';
import {
  checkPublicKey,
  generateKey,
  keyBits,
  readKey,
  requirePrivate,
  sha256Fingerprint,
  writeKey,
  writeKeyFile,
  writePublic,
  type PrivateKey,
  type PublicKey,
} from '../../main/core/keys';
import { TunnelService } from '../../main/core/service';
import type { Handlers, PageBridge } from './e2e-page-bridge';

/**
 * The Api implemented in the test process on the real core: the tunnel service (against a real
 * sshd), diagnostics, importers and the key toolkit. Profiles live in memory as the app's store
 * would keep them; events go to the page through the PageBridge.
 */
export interface CoreBridge {
  handlers: Handlers;
  service: TunnelService;
  connect(bridge: PageBridge): void;
  close(): Promise<void>;
}

const GENERATE_TYPES = {
  ed25519: { type: 'ed25519' },
  rsa: { type: 'rsa' },
  'ecdsa-p256': { type: 'ecdsa', bits: 256 },
  'ecdsa-p384': { type: 'ecdsa', bits: 384 },
  'ecdsa-p521': { type: 'ecdsa', bits: 521 },
} as const;

function summary(key: PublicKey, file: string, format: string, encrypted: boolean): KeySummary {
  return {
    id: file,
    path: file,
    type: key.type,
    bits: keyBits(key),
    fingerprint: sha256Fingerprint(key.blob),
    comment: key.comment,
    format,
    encrypted,
  };
}

export function createCoreBridge(options: { dir: string; locale: string }): CoreBridge {
  const service = new TunnelService({
    runtimeDir: path.join(options.dir, 'run'),
    logDir: path.join(options.dir, 'logs'),
    emitLogEvents: true,
  });
  const profiles: Profile[] = [];
  const keys: KeySummary[] = [];
  let settings: Settings = {
    language: 'system',
    startAtLogin: false,
    notifications: true,
    theme: 'system',
  };
  let bridge: PageBridge | undefined;
  let pendingLines: unknown[] = [];
  let linesTimer: NodeJS.Timeout | undefined;
  let tunnelsTimer: NodeJS.Timeout | undefined;

  const list = (): TunnelSnapshot[] =>
    profiles.map((p) => {
      const running = service.get(p.id);
      return running ? fromCoreSnapshot(running) : stoppedSnapshot(p);
    });
  // Coalesced like the shell would: one push per burst of supervisor events.
  const pushTunnels = () => {
    tunnelsTimer ??= setTimeout(() => {
      tunnelsTimer = undefined;
      void bridge?.emit('onTunnelsChanged', list());
    }, 20);
  };
  const unsubscribe = service.onEvent((event) => {
    if (event.type !== 'log') return pushTunnels();
    pendingLines.push(toLogLine(event.profile, event));
    linesTimer ??= setTimeout(() => {
      linesTimer = undefined;
      const batch = pendingLines;
      pendingLines = [];
      void bridge?.emit('onLogLine', ...batch);
    }, 30);
  });
  const profile = (id: string): Profile => {
    const found = profiles.find((p) => p.id === id);
    if (!found) throw Object.assign(new Error('not-found'), { code: 'not-found' });
    return found;
  };
  const written = async (
    key: PrivateKey,
    format: 'openssh' | 'ppk3' | 'ppk2' | 'pem' | 'pkcs8',
    outputPath: string,
    passphrase?: string,
  ): Promise<KeyResult> => {
    const text = await writeKey(key, format, { passphrase });
    await writeKeyFile(outputPath, text, false);
    const result = {
      key: summary(key, outputPath, format, Boolean(passphrase)),
      outputPath,
      publicKeyLine: writePublic(key, 'openssh').trim(),
    };
    keys.push(result.key);
    return result;
  };

  const handlers = {
    appInfo: (): AppInfo => ({ version: '0.1.0-e2e', platform: 'win32', locale: options.locale }),
    openExternal: () => undefined,
    listTunnels: list,
    startTunnel: (id: string) => {
      service.start(profile(id));
      pushTunnels();
    },
    stopTunnel: async (id: string) => {
      await service.stop(id);
      pushTunnels();
    },
    tailLog: (id: string, limit = 500) =>
      service
        .logEntries(id)
        .slice(-limit)
        .map((entry) => toLogLine(id, entry)),
    getSettings: () => settings,
    setSettings: (patch: Partial<Settings>) => {
      settings = { ...settings, ...patch };
      void bridge?.emit('onSettingsChanged', settings);
      return settings;
    },
    listProfiles: () => profiles,
    saveProfile: (input: unknown) => {
      const saved = ProfileSchema.parse(input);
      const index = profiles.findIndex((p) => p.id === saved.id);
      if (index < 0) profiles.push(saved);
      else profiles[index] = saved;
      pushTunnels();
      return saved;
    },
    deleteProfile: (id: string) => {
      profiles.splice(profiles.indexOf(profile(id)), 1);
      pushTunnels();
    },
    listKeys: () => keys,
    convertKey: async (request: {
      sourcePath: string;
      passphrase?: string;
      targetFormat: 'openssh' | 'ppk3' | 'ppk2' | 'pem' | 'pkcs8';
      outputPath: string;
      newPassphrase?: string;
    }) => {
      const read = await readKey(await readFile(request.sourcePath), {
        passphrase: request.passphrase,
      });
      return written(
        requirePrivate(read),
        request.targetFormat,
        request.outputPath,
        request.newPassphrase,
      );
    },
    generateKey: async (request: {
      type: keyof typeof GENERATE_TYPES;
      bits?: number;
      comment?: string;
      passphrase?: string;
      format: 'openssh' | 'ppk3';
      outputPath: string;
    }) => {
      const key = await generateKey({
        ...GENERATE_TYPES[request.type],
        ...(request.bits ? { bits: request.bits } : {}),
        comment: request.comment ?? '',
      } as Parameters<typeof generateKey>[0]);
      return written(key, request.format, request.outputPath, request.passphrase);
    },
    storeSecret: () => undefined,
    deleteSecret: () => undefined,
    runDiagnostics: async (id: string) => {
      const started = Date.now();
      const report = await runDiagnostics(profile(id), { tcpTimeoutMs: 2000, stepTimeoutMs: 4000 });
      return {
        tunnelId: id,
        startedAt: started,
        finishedAt: Date.now(),
        cause: report.cause,
        steps: report.checks.map((c) => ({
          id: c.id,
          status: c.status,
          cause: c.cause ?? null,
          detail: c.detail,
          advice: c.advice ?? [],
        })),
        advice: report.adviceKeys,
      };
    },
    // The save dialog of the shell answers with a fixed path here.
    exportDiagnostics: async (id: string) => {
      const report = await runDiagnostics(profile(id), { tcpTimeoutMs: 2000, stepTimeoutMs: 4000 });
      const tunnelLog = service.logEntries(id).map((e) => `${e.ts} ${e.level} ${e.message}`);
      return writeBundle(
        path.join(options.dir, `diagnosis-${id}.zip`),
        buildBundle(report, profile(id), { tunnelLog }),
      );
    },
    exportLog: async (id: string) => {
      const file = path.join(options.dir, `${id}.log`);
      const lines = service.logEntries(id).map((e) => `${e.ts} ${e.level} ${e.message}`);
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    },
    previewImport: (source: 'auto', text: string) => {
      const outcome = importText(
        source,
        text,
        { inputName: 'command line' },
        profiles.map((p) => p.id),
      );
      return { profiles: outcome.profiles, warnings: outcome.warnings };
    },
    inspectKey: async (file: string, passphrase?: string) => {
      const read = await readKey(await readFile(file), { passphrase });
      const key = read.private ?? read.public;
      return {
        format: read.format,
        keyType: key.type,
        bits: keyBits(key),
        encrypted: read.encrypted,
        unlocked: read.private !== undefined,
        comment: key.comment,
        fingerprint: sha256Fingerprint(key.blob),
        publicKey: writePublic(key, 'openssh').trim(),
      };
    },
    checkPublicKey: (text: string) => checkPublicKey(text),
    appPaths: () => ({
      config: path.join(options.dir, 'config.json'),
      logs: path.join(options.dir, 'logs'),
    }),
    answerHostKey: () => undefined,
  };

  return {
    handlers: handlers as unknown as Handlers,
    service,
    connect: (b) => {
      bridge = b;
    },
    close: async () => {
      unsubscribe();
      clearTimeout(linesTimer);
      clearTimeout(tunnelsTimer);
      await service.stopAll();
    },
  };
}
