import type { TFunction } from 'i18next';
import type {
  AvailabilityRange,
  AvailabilitySegment,
  HistoryState,
  Outage,
} from '../../../../contract';
import { stateLight, type Light } from '../../../../contract/tunnel-state';
import { formatDuration } from '../../lib/format';

/** The strip's colour of a stretch: the app's lights, and none (hatched) while not monitored. */
export function segmentLight(state: HistoryState): Light | 'unmonitored' {
  return state === 'not-monitored' ? 'unmonitored' : stateLight(state);
}

/** A state in words: the app's state names, plus "not monitored". */
export function stateWords(t: TFunction, state: HistoryState): string {
  return state === 'not-monitored' ? t('availability.notMonitored') : t(`state.${state}`);
}

const HOUR = 3_600_000;

/**
 * From–to in local time, as the language writes a range ("Mar 1, 02:11 – 02:16",
 * "3月1日 02:11～02:16"); seconds too for a stretch under an hour, so short ones are exact.
 */
export function formatSpan(from: number, to: number, language: string): string {
  const format = new Intl.DateTimeFormat(language, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(to - from < HOUR ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  });
  return format.formatRange(from, to);
}

/** One instant in local time with its date ("Mar 1, 02:11"). */
export function formatInstant(at: number, language: string): string {
  return new Intl.DateTimeFormat(language, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** "99.35%": two decimals at most, and never "100%" unless it was: 99.999 shows 99.99. */
export function formatUptime(percent: number, language: string): string {
  const shown = percent >= 100 ? 100 : Math.floor(percent * 100) / 100;
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 }).format(
    shown / 100,
  );
}

/** The words of a stretch: its time, how long, its state, the cause and the error as it was. */
export function describeSegment(
  t: TFunction,
  segment: AvailabilitySegment,
  language: string,
): { when: string; duration: string; state: string; cause: string | null; detail: string | null } {
  return {
    when: formatSpan(segment.from, segment.to, language),
    duration: formatDuration(segment.durationMs),
    state: stateWords(t, segment.state),
    cause: segment.cause ? t(`cause.${segment.cause}`) : null,
    detail: segment.detail,
  };
}

/** The label a screen reader says for a stretch: the same words the tooltip shows. */
export function segmentLabel(t: TFunction, segment: AvailabilitySegment, language: string): string {
  const d = describeSegment(t, segment, language);
  return [
    t('availability.segment', { when: d.when, duration: d.duration, state: d.state }),
    d.cause,
    d.detail,
  ]
    .filter(Boolean)
    .join(' ');
}

/** What took an outage down: its causes in words, or its states when none was given (stopped). */
export function outageReason(t: TFunction, outage: Outage): { first: string; then: string[] } {
  if (outage.causes.length > 0) {
    const [first, ...then] = outage.causes.map((c) => t(`cause.${c}`));
    return { first: first ?? '', then };
  }
  return { first: outage.states.map((s) => t(`state.${s}`)).join(' → '), then: [] };
}

/** The light of an outage: red when a person must act, grey when only stopped, else yellow. */
export function outageLight(outage: Outage): Light {
  if (outage.states.includes('failed')) return 'red';
  if (outage.states.every((s) => s === 'stopped')) return 'grey';
  return 'yellow';
}

/**
 * Where the axis is labelled, at round local times: every 6 hours over a day (midnight as its
 * date), every midnight over a week; none so close to either end that it would crowd "now".
 */
export function axisTicks(
  from: number,
  to: number,
  range: AvailabilityRange,
  language: string,
): { at: number; label: string }[] {
  const margin = (to - from) * 0.05;
  const time = new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const date = new Intl.DateTimeFormat(
    language,
    range === '24h'
      ? { month: 'short', day: 'numeric' }
      : { weekday: 'short', month: 'numeric', day: 'numeric' },
  );
  const at = new Date(from);
  at.setMinutes(0, 0, 0);
  if (range === '7d') at.setHours(0);
  const next = () =>
    range === '24h' ? at.setHours(at.getHours() + 1) : at.setDate(at.getDate() + 1);
  const ticks: { at: number; label: string }[] = [];
  for (; at.getTime() < to - margin; next()) {
    if (at.getTime() < from + margin) continue;
    if (range === '24h' && at.getHours() % 6 !== 0) continue;
    const t = at.getTime();
    const midnight = at.getHours() === 0;
    ticks.push({ at: t, label: midnight ? date.format(t) : time.format(t) });
  }
  return ticks;
}
