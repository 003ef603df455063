import type { Availability, AvailabilityRange, Cause } from '../../contract';
import { isCause } from '../../contract/causes';
import { availability, historyDir, type AvailabilitySegment } from '../core/history';
import { defaultDataDir } from '../core/logging/paths';
import type { HistoryService } from './ports';

/** How far back each range of the window reaches. */
export const RANGE_MS: Record<AvailabilityRange, number> = {
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
};

/** A cause a newer engine wrote that this version has no words for reads as `unknown`. */
const causeOf = (code: string | undefined): Cause | null =>
  code === undefined ? null : isCause(code) ? code : 'unknown';

const ms = (iso: string) => Date.parse(iso);

/**
 * The window's availability strip over the engine's history files (`historyDir(dataDir)`, the
 * CLI's `tunnelkeeper history`): read straight from disk, engine running or not. A missing folder
 * or a tunnel the history never saw is one not-monitored stretch, not an error.
 */
export function coreHistory(
  options: { dir?: string; now?: () => number; onWarning?: (message: string) => void } = {},
): HistoryService {
  const dir = options.dir ?? historyDir(defaultDataDir());
  const now = options.now ?? Date.now;
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`history: ${message}`));
  return {
    async availability(id, range): Promise<Availability> {
      const to = now();
      const from = to - RANGE_MS[range];
      const report = await availability(dir, id, from, to, { now: to, onWarning });
      return {
        id,
        range,
        from: ms(report.from),
        to: ms(report.to),
        segments: report.segments.map((s: AvailabilitySegment) => ({
          from: ms(s.from),
          to: ms(s.to),
          durationMs: s.durationMs,
          state: s.state,
          cause: causeOf(s.cause),
          detail: s.detail ?? null,
        })),
        monitoredMs: report.monitoredMs,
        connectedMs: report.connectedMs,
        notMonitoredMs: report.notMonitoredMs,
        uptimePercent: report.uptimePercent,
        outages: report.outages.map((o) => ({
          from: ms(o.from),
          to: ms(o.to),
          durationMs: o.durationMs,
          cause: causeOf(o.cause),
          causes: [...new Set(o.causes.map((c) => causeOf(c) ?? 'unknown'))],
          states: o.states,
          ongoing: o.ongoing,
        })),
      };
    },
  };
}
