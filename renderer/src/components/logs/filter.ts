import type { LogLine } from '../../../../contract';
import type { LevelFilter } from '../../store/logs';

const RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const;
const MIN = { all: 0, info: 1, warn: 2, error: 3 } as const;

export function filterLines(
  lines: readonly LogLine[],
  level: LevelFilter,
  search: string,
): LogLine[] {
  const needle = search.trim().toLowerCase();
  return lines.filter(
    (line) =>
      RANK[line.level] >= MIN[level] &&
      (needle === '' || line.message.toLowerCase().includes(needle)),
  );
}
