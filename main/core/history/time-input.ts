/**
 * The times a person types for `history --since/--at`: ISO 8601 (a date alone is local
 * midnight, a time without zone is local), a span back from now (`90s`, `30m`, `24h`, `7d`,
 * `2w`), or a clock time today (`02:13`, `02:13:30`, local). Anything else is undefined, so
 * the caller can refuse it as a usage error instead of guessing.
 */
const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

const RELATIVE = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i;
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** ISO 8601 date or date-time; undefined when it is not one or names no real day/time. */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 59) return undefined;
  // Date.parse reads a date alone as UTC; a person means their own midnight.
  if (h === undefined) return new Date(year, month - 1, day).getTime();
  const normal = text.trim().replace(' ', 'T');
  const t = Date.parse(
    zone && /^[+-]\d{4}$/.test(zone) ? normal.replace(/(\d{2})(\d{2})$/, '$1:$2') : normal,
  );
  return Number.isNaN(t) ? undefined : t;
}

/** `--since`: relative to `now`, or an ISO time. */
export function parseSince(text: string, now: number): number | undefined {
  const rel = RELATIVE.exec(text.trim());
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!;
  return parseIsoTime(text);
}

/** `--at`: a clock time today (local), or an ISO time. */
export function parseAt(text: string, now: number): number | undefined {
  const clock = CLOCK.exec(text.trim());
  if (clock) {
    const h = Number(clock[1]);
    const mi = Number(clock[2]);
    const s = Number(clock[3] ?? 0);
    if (h > 23 || mi > 59 || s > 59) return undefined;
    const today = new Date(now);
    today.setHours(h, mi, s, 0);
    return today.getTime();
  }
  return parseIsoTime(text);
}
