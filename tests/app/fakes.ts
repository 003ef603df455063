/**
 * Fakes of the shell's own ports (main/app/ports.ts). They keep state the way a real service
 * would, so tests assert what a user would see, not which method was called how.
 */
import { writeFile } from 'node:fs/promises';
import { ProfileSchema, type ConfigDocument } from '../../main/core/config/profile';
import { CodedError } from '../../main/app/errors';
import type { LoginItem } from '../../main/app/login-item';
import type {
  ConfigRepository,
  DiagnosticsService,
  FileDialogs,
  HistoryService,
  ImportService,
  KeyService,
  TunnelService,
  TunnelServiceEvent,
  UnlockAtStartResult,
} from '../../main/app/ports';
import type { SecretStore } from '../../main/app/secret-store';
import type { LogLine, TunnelSnapshot } from '../../contract';
import type { TunnelStateName } from '../../contract/tunnel-state';

export function snapshot(id: string, state: TunnelStateName, name = id): TunnelSnapshot {
  return {
    id,
    name,
    state,
    cause: state === 'failed' || state === 'waiting' ? 'tcp-refused' : null,
    detail: state === 'failed' || state === 'waiting' ? 'connect ECONNREFUSED 192.0.2.7:22' : null,
    since: 1_700_000_000_000,
    nextRetryAt: null,
    forwards: [
      {
        id: 'lic',
        type: 'remote',
        listen: 'proxy:1055',
        target: 'licsrv:1055',
        state: state === 'connected' ? 'active' : 'pending',
        cause: null,
        connections: { active: 0, total: 0, failed: 0 },
        bytesOut: 0,
        bytesIn: 0,
      },
    ],
    counters: { reconnects: 0, bytesIn: 0, bytesOut: 0 },
  };
}

export class FakeTunnels implements TunnelService {
  private readonly tunnels = new Map<string, TunnelSnapshot>();
  private readonly listeners = new Set<(event: TunnelServiceEvent) => void>();
  readonly logs: LogLine[] = [];
  nudges: string[] = [];
  reloaded: ConfigDocument[] = [];

  constructor(initial: TunnelSnapshot[] = []) {
    for (const t of initial) this.tunnels.set(t.id, t);
  }

  /** Moves a tunnel to `state` and tells listeners, as the supervisor would. */
  set(id: string, state: TunnelStateName, cause?: TunnelSnapshot['cause']): void {
    const before = this.tunnels.get(id);
    const next = { ...snapshot(id, state, before?.name ?? id) };
    if (cause !== undefined) next.cause = cause;
    this.tunnels.set(id, next);
    this.emit({ type: 'tunnel', tunnel: next, previous: before?.state ?? 'stopped' });
  }

  log(line: LogLine): void {
    this.logs.push(line);
    this.emit({ type: 'log', line });
  }

  private emit(event: TunnelServiceEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  list = () => [...this.tunnels.values()];
  start = async (id: string) => {
    if (!this.tunnels.has(id)) throw new CodedError('not-found');
    this.set(id, 'connecting');
  };
  stop = async (id: string) => {
    if (!this.tunnels.has(id)) throw new CodedError('not-found');
    this.set(id, 'stopped');
  };
  nudge = (reason: string) => {
    this.nudges.push(reason);
  };
  reload = async (document: ConfigDocument) => {
    this.reloaded.push(document);
  };
  tail = (id: string, limit: number) => this.logs.filter((l) => l.tunnelId === id).slice(-limit);
  on = (listener: (event: TunnelServiceEvent) => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  shutdown = async () => {
    for (const t of this.list()) if (t.state !== 'stopped') this.set(t.id, 'stopped');
  };
  listenerCount = () => this.listeners.size;
  /** What `unlockAtStart` reports; every call is counted. */
  startupKeys: UnlockAtStartResult[] = [];
  unlockAtStartCalls = 0;
  unlockAtStart = async () => {
    this.unlockAtStartCalls++;
    return this.startupKeys;
  };
}

export function memoryConfig(initial?: Partial<ConfigDocument>): ConfigRepository & {
  document: ConfigDocument;
} {
  const listeners = new Set<(document: ConfigDocument) => void>();
  const repo = {
    document: { version: 1 as const, profiles: [], ...initial } as ConfigDocument,
    read: () => structuredClone(repo.document),
    write: (document: ConfigDocument) => {
      repo.document = structuredClone(document);
      for (const listener of listeners) listener(repo.read());
      return repo.read();
    },
    onChange: (listener: (document: ConfigDocument) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return repo;
}

export function memoryLoginItem(): LoginItem & { enabled: boolean } {
  const item = {
    enabled: false,
    isEnabled: async () => item.enabled,
    setEnabled: async (enabled: boolean) => {
      item.enabled = enabled;
    },
  };
  return item;
}

export function memorySecrets(): SecretStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    set: (ref, secret) => void values.set(ref, secret),
    get: (ref) => values.get(ref),
    delete: (ref) => void values.delete(ref),
  };
}

export const KEY = {
  id: 'k1',
  path: 'C:\\Users\\admin\\.ssh\\id_ed25519',
  type: 'ssh-ed25519',
  bits: 256,
  fingerprint: 'SHA256:2iKZx0uGt4yHi6tw1Vq3Qt3Vv1d7p4Qm0yQpRr0b9wE',
  comment: 'admin@licsrv',
  format: 'openssh',
  encrypted: true,
  unlocked: false,
};

export function fakeKeys(): KeyService & { requests: unknown[] } {
  const requests: unknown[] = [];
  const result = (outputPath: string, passphrase?: string) => ({
    key: KEY,
    outputPath,
    publicKeyLine: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA admin@licsrv`,
    // A careless service echoing the secret: the bridge must not pass it on.
    passphrase,
  });
  return {
    requests,
    list: async () => [KEY],
    convert: async (request) => {
      requests.push(request);
      if (request.passphrase === 'wrong')
        throw Object.assign(new Error('x'), { name: 'KeyError', code: 'wrong-passphrase' });
      return result(request.outputPath, request.passphrase);
    },
    generate: async (request) => {
      requests.push(request);
      return result(request.outputPath, request.passphrase);
    },
    inspect: async (path, passphrase) => {
      requests.push({ path, passphrase });
      return {
        format: 'ppk3',
        keyType: KEY.type,
        bits: 256,
        encrypted: true,
        unlocked: passphrase !== undefined,
        comment: KEY.comment,
        fingerprint: KEY.fingerprint,
        publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA admin@licsrv',
      };
    },
    checkPublic: async (text) => ({
      ok: text.startsWith('ssh-'),
      keyType: text.startsWith('ssh-') ? 'ssh-ed25519' : null,
      fingerprint: null,
      problem: text.startsWith('ssh-') ? null : 'not-a-public-key',
      message: 'checked',
      suggestion: null,
      comment: null,
    }),
    unlock: async (path, passphrase) => {
      requests.push({ path, passphrase });
      if (passphrase === 'wrong')
        throw Object.assign(new Error('x'), { name: 'KeyError', code: 'wrong-passphrase' });
      // A careless service echoing the secret: the bridge must not pass it on.
      return { ...KEY, path, unlocked: true, passphrase } as typeof KEY;
    },
    lock: async (id) => {
      requests.push({ id });
      if (id !== KEY.id) throw new CodedError('not-found');
    },
  };
}

/** Finds one profile per `plink … host` line and nothing in anything else. */
export const fakeImports: ImportService = {
  preview(_source, text, takenIds) {
    const hosts = [...text.matchAll(/plink(?:\.exe)?\s.*?(\S+)@(\S+)/g)];
    if (hosts.length === 0)
      throw Object.assign(new Error('nothing importable'), { name: 'ImportError' });
    return {
      profiles: hosts.map(([, user, host], i) =>
        ProfileSchema.parse({
          id: takenIds.includes('lic') ? `lic-${i + 2}` : 'lic',
          name: host,
          host,
          user,
        }),
      ),
      warnings: [],
    };
  },
};

/** A user who picks `save` in every save dialog (null: cancels) and `open` in open dialogs. */
export function fakeDialogs(save: string | null = null, open: string | null = null) {
  const revealed: string[] = [];
  const dialogs: FileDialogs & { revealed: string[] } = {
    revealed,
    chooseFile: async () => open,
    chooseSavePath: async () => save,
    reveal: (file) => void revealed.push(file),
  };
  return dialogs;
}

/** What the fake server presents: an Ed25519 key never seen before. */
export const PRESENTED = {
  keyType: 'ssh-ed25519',
  fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
};

export const fakeDiagnostics: DiagnosticsService = {
  presentedHostKey: async () => PRESENTED,
  exportBundle: async (_tunnelId, target, tunnelLog) => {
    await writeFile(target, JSON.stringify({ tunnelLog }));
    return target;
  },
  run: async (tunnelId) => ({
    tunnelId,
    startedAt: 1,
    finishedAt: 2,
    cause: 'tcp-refused',
    steps: [
      {
        id: 'tcp',
        status: 'fail',
        cause: 'tcp-refused',
        detail: 'proxy:22 refused',
        advice: [{ key: 'tcp.firewall', params: { port: 22 } }],
      },
    ],
    advice: [{ key: 'cause.tcp-refused' }],
  }),
};

/**
 * The history as a service answers it: 23 h connected, a 9-minute outage, then 51 min nobody
 * watched. A careless service adds the folder it read: the bridge must not pass it on.
 */
export function fakeHistory(): HistoryService & { asked: { id: string; range: string }[] } {
  const asked: { id: string; range: string }[] = [];
  const to = 1_700_000_000_000;
  const h = 60 * 60_000;
  return {
    asked,
    availability: async (id, range) => {
      asked.push({ id, range });
      const from = to - 24 * h;
      const down = from + 23 * h;
      return {
        id,
        range,
        from,
        to,
        segments: [
          { from, to: down, durationMs: 23 * h, state: 'connected', cause: null, detail: null },
          {
            from: down,
            to: down + 540_000,
            durationMs: 540_000,
            state: 'waiting',
            cause: 'keepalive-timeout',
            detail: 'no keepalive reply for 20 s',
          },
          {
            from: down + 540_000,
            to,
            durationMs: h - 540_000,
            state: 'not-monitored',
            cause: null,
            detail: null,
          },
        ],
        monitoredMs: 23 * h + 540_000,
        connectedMs: 23 * h,
        notMonitoredMs: h - 540_000,
        uptimePercent: 99.35,
        outages: [
          {
            from: down,
            to: down + 540_000,
            durationMs: 540_000,
            cause: 'keepalive-timeout',
            causes: ['keepalive-timeout'],
            states: ['waiting'],
            ongoing: false,
          },
        ],
        dir: 'C:\\Users\\admin\\AppData\\Local\\Tunnelkeeper\\history',
      } as Awaited<ReturnType<HistoryService['availability']>>;
    },
  };
}
