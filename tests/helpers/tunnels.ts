import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProfileSchema, type Profile, type ProfileInput } from '../../main/core/config/profile';
import { TunnelService } from '../../main/core/service';
import type { TunnelEvent } from '../../main/core/tunnels/events';
import type { SshdHandle } from './sshd';

/** A profile for the test sshd with short timings (tests must stay fast). */
export function testProfile(sshd: SshdHandle, overrides: Partial<ProfileInput> = {}): Profile {
  return ProfileSchema.parse({
    id: 'p1',
    name: 'test',
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    auth: { keyFile: sshd.clientKeyPath },
    hostKey: { pinned: [sshd.hostKeyFingerprint] },
    keepalive: { intervalSeconds: 1, countMax: 2 },
    reconnect: {
      minDelaySeconds: 0.2,
      maxDelaySeconds: 2,
      stableSeconds: 5,
      readyTimeoutSeconds: 5,
    },
    forwards: [],
    ...overrides,
  });
}

/** A service with its own runtime dir (locks) so parallel test files never collide. */
export function testService(): TunnelService {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-run-'));
  return new TunnelService({ runtimeDir: dir, logDir: path.join(dir, 'logs') });
}

/** Records a service's events and waits for one that matches. */
export class EventLog {
  readonly events: TunnelEvent[] = [];
  private waiters: { match: (e: TunnelEvent) => boolean; resolve: (e: TunnelEvent) => void }[] = [];
  readonly unsubscribe: () => void;

  constructor(service: TunnelService) {
    this.unsubscribe = service.onEvent((event) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(event)) return true;
        w.resolve(event);
        return false;
      });
    });
  }

  /** Resolves with the first event (from `from` on) matching; rejects after timeoutMs. */
  waitFor(match: (e: TunnelEvent) => boolean, timeoutMs = 15_000, from = 0): Promise<TunnelEvent> {
    const seen = this.events.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no matching event in ${timeoutMs} ms; saw:\n${this.describe()}`));
      }, timeoutMs);
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  state(profile: string, state: string, timeoutMs?: number, from?: number): Promise<TunnelEvent> {
    return this.waitFor(
      (e) => e.type === 'state' && e.profile === profile && e.state === state,
      timeoutMs,
      from,
    );
  }

  states(profile: string): string[] {
    return this.events.flatMap((e) =>
      e.type === 'state' && e.profile === profile
        ? [e.cause ? `${e.state}:${e.cause}` : e.state]
        : [],
    );
  }

  describe(): string {
    return this.events
      .filter((e) => e.type !== 'connection')
      .map((e) => JSON.stringify(e))
      .slice(-30)
      .join('\n');
  }
}

/** A profile as written in a config file for an engine: autostart, the test sshd, short timings. */
export function engineProfileJson(
  sshd: SshdHandle,
  id: string,
  forwards: object[],
  name = id,
): Record<string, unknown> {
  return {
    id,
    name,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    autostart: true,
    auth: { keyFile: sshd.clientKeyPath },
    hostKey: { pinned: [sshd.hostKeyFingerprint] },
    keepalive: { intervalSeconds: 1, countMax: 2 },
    reconnect: {
      minDelaySeconds: 0.2,
      maxDelaySeconds: 2,
      stableSeconds: 5,
      readyTimeoutSeconds: 5,
    },
    forwards,
  };
}

/** A service running profile `p1` with these forwards against `sshd`, once it is connected. */
export async function connectedService(
  sshd: SshdHandle,
  forwards: NonNullable<ProfileInput['forwards']>,
): Promise<{ service: TunnelService; events: EventLog }> {
  const service = testService();
  const events = new EventLog(service);
  service.start(testProfile(sshd, { forwards }));
  await events.state('p1', 'connected');
  return { service, events };
}
