import type { Profile } from '../config/profile';
import type { DiagnoseOptions } from './types';

/** Defaults sized so that any single fault ends well within the spec's 30 s. */
export const DEFAULT_TCP_TIMEOUT_MS = 5_000;
export const DEFAULT_STEP_TIMEOUT_MS = 8_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 28_000;

/** What the checks share: the profile, the limits, and the evidence gathered so far. */
export interface DiagContext {
  profile: Profile;
  /** The host-key trust `up` would use: the profile's, with the default known_hosts filled in. */
  trust: Profile['hostKey'];
  options: DiagnoseOptions;
  tcpTimeoutMs: number;
  stepTimeoutMs: number;
  deadline: number;
  log: string[];
}

export function createContext(profile: Profile, options: DiagnoseOptions): DiagContext {
  const knownHostsFile = profile.hostKey.knownHostsFile ?? options.knownHostsFile;
  return {
    profile,
    trust: { ...profile.hostKey, ...(knownHostsFile ? { knownHostsFile } : {}) },
    options,
    tcpTimeoutMs: options.tcpTimeoutMs ?? DEFAULT_TCP_TIMEOUT_MS,
    stepTimeoutMs: options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
    deadline: Date.now() + (options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS),
    log: [],
  };
}

/** A step's timeout, shortened so the whole run keeps to its budget (never below 500 ms). */
export function budget(ctx: DiagContext, wantedMs: number): number {
  return Math.max(500, Math.min(wantedMs, ctx.deadline - Date.now()));
}

export function logLine(ctx: DiagContext, line: string): void {
  // Capped: a chatty handshake must not grow the bundle without bound.
  if (ctx.log.length < 2000) ctx.log.push(`${new Date().toISOString()} ${line}`);
}

/** Races a promise against a timer; the timer never keeps the process alive. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }, ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
