import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeEntry, type HistoryEntry } from '../../../main/core/history/entry';
import { segmentName } from '../../../main/core/history/segments';
import type { TunnelEvent } from '../../../main/core/tunnels/events';

/** Hand-built histories and a stand-in engine for the history tests. */
export function tempDir(prefix = 'tk-history-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes one segment holding `entries` (named by the first one's time); returns its path. */
export function writeSegment(dir: string, entries: HistoryEntry[], tail = ''): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, segmentName(Date.parse(entries[0]!.ts)));
  writeFileSync(file, entries.map(encodeEntry).join('') + tail);
  return file;
}

export const T = (hms: string, date = '2025-03-01') => `${date}T${hms}.000Z`;

export const start = (ts: string, heartbeatMs = 60_000): HistoryEntry => ({
  type: 'engine-start',
  ts,
  pid: 1,
  heartbeatMs,
});
export const stop = (ts: string): HistoryEntry => ({ type: 'engine-stop', ts });
export const alive = (ts: string): HistoryEntry => ({ type: 'engine-alive', ts });
export const state = (
  ts: string,
  profile: string,
  s: Extract<HistoryEntry, { type: 'state' }>['state'],
  cause?: Extract<HistoryEntry, { type: 'state' }>['cause'],
  detail?: string,
): HistoryEntry => ({
  type: 'state',
  ts,
  profile,
  state: s,
  ...(cause ? { cause } : {}),
  ...(detail ? { detail } : {}),
});

/**
 * One day of `lic` (and a bit of `other`), engine runs 00:00–03:00, 04:00–05:00 (then silent:
 * a crash, its last line at 05:00), 06:00–07:00. A keepalive timeout at 02:11:40, back at 02:20.
 */
export const DAY: HistoryEntry[] = [
  start(T('00:00:00')),
  state(T('00:00:00'), 'lic', 'connecting'),
  state(T('00:00:00'), 'other', 'connected'),
  state(T('00:00:02'), 'lic', 'connected'),
  state(T('02:11:40'), 'lic', 'waiting', 'keepalive-timeout', 'no keepalive reply for 20 s'),
  state(T('02:16:40'), 'lic', 'connecting'),
  state(T('02:16:41'), 'lic', 'waiting', 'tcp-refused', 'connect ECONNREFUSED'),
  state(T('02:20:00'), 'lic', 'connected'),
  state(T('02:30:00'), 'other', 'waiting', 'dns-not-found'),
  stop(T('03:00:00')),
  start(T('04:00:00')),
  state(T('04:00:00'), 'lic', 'connecting'),
  state(T('04:00:01'), 'lic', 'connected'),
  alive(T('05:00:00')),
  start(T('06:00:00')),
  state(T('06:00:00'), 'lic', 'connecting'),
  state(T('06:00:01'), 'lic', 'connected'),
  stop(T('07:00:00')),
];

/** DAY split in two segments at the 04:00 start, as a real engine would leave it. */
export function writeDay(dir: string): void {
  const at = DAY.findIndex((e) => e.ts === T('04:00:00'));
  writeSegment(dir, DAY.slice(0, at));
  writeSegment(dir, DAY.slice(at));
}

/** The part of an engine attachHistory uses. */
export class FakeEngine {
  private readonly events = new EventEmitter();
  tunnels: { profile: string; state: string; cause?: string }[] = [];

  onEvent(listener: (e: TunnelEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  list() {
    return this.tunnels;
  }

  emit(event: TunnelEvent): void {
    this.events.emit('event', event);
  }

  state(profile: string, s: Extract<TunnelEvent, { type: 'state' }>['state'], extra = {}): void {
    this.emit({ type: 'state', ts: new Date().toISOString(), profile, state: s, ...extra });
  }
}
