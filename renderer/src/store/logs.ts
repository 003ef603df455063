import type { StateCreator } from 'zustand';
import type { LogLine } from '../../../contract';
import type { AppState } from './index';

/** Lines kept per tunnel: enough to scroll back through a reconnect storm, bounded memory. */
export const LOG_CAP = 5000;

export type LevelFilter = 'all' | 'info' | 'warn' | 'error';

export interface LogsSlice {
  logs: Record<string, LogLine[]>;
  logLevel: LevelFilter;
  logSearch: string;
  /** Appends a batch (the bridge module collects lines and hands them over a few times a second). */
  appendLogs(lines: readonly LogLine[]): void;
  /** Replaces a tunnel's lines with the tail main keeps (on opening the view). */
  setLogTail(tunnelId: string, lines: readonly LogLine[]): void;
  clearLog(tunnelId: string): void;
  setLogLevel(level: LevelFilter): void;
  setLogSearch(text: string): void;
}

function capped(lines: LogLine[]): LogLine[] {
  return lines.length > LOG_CAP ? lines.slice(lines.length - LOG_CAP) : lines;
}

export const createLogsSlice: StateCreator<AppState, [], [], LogsSlice> = (set) => ({
  logs: {},
  logLevel: 'all',
  logSearch: '',
  appendLogs: (lines) =>
    set((s) => {
      if (lines.length === 0) return {};
      const byTunnel = new Map<string, LogLine[]>();
      for (const line of lines) {
        const list = byTunnel.get(line.tunnelId) ?? [];
        list.push(line);
        byTunnel.set(line.tunnelId, list);
      }
      const logs = { ...s.logs };
      for (const [id, added] of byTunnel) logs[id] = capped([...(logs[id] ?? []), ...added]);
      return { logs };
    }),
  setLogTail: (tunnelId, lines) =>
    set((s) => ({ logs: { ...s.logs, [tunnelId]: capped([...lines]) } })),
  clearLog: (tunnelId) => set((s) => ({ logs: { ...s.logs, [tunnelId]: [] } })),
  setLogLevel: (logLevel) => set({ logLevel }),
  setLogSearch: (logSearch) => set({ logSearch }),
});
