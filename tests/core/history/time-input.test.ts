import { describe, expect, it } from 'vitest';
import { parseAt, parseIsoTime, parseSince } from '../../../main/core/history';

/** What `history --since/--at` accept; anything else is undefined (a usage error). */
const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('history time input', () => {
  it('relative spans back from now', () => {
    expect(parseSince('24h', NOW)).toBe(NOW - 24 * 3600_000);
    expect(parseSince('7d', NOW)).toBe(NOW - 7 * 86_400_000);
    expect(parseSince('30m', NOW)).toBe(NOW - 30 * 60_000);
    expect(parseSince('1.5h', NOW)).toBe(NOW - 90 * 60_000);
    expect(parseSince('2w', NOW)).toBe(NOW - 14 * 86_400_000);
  });

  it('ISO times with a zone are exact; without one, and dates alone, are local', () => {
    expect(parseIsoTime('2025-03-01T02:13:00Z')).toBe(Date.parse('2025-03-01T02:13:00Z'));
    expect(parseIsoTime('2025-03-01T02:13+01:00')).toBe(Date.parse('2025-03-01T01:13:00Z'));
    expect(parseIsoTime('2025-03-01T02:13+0100')).toBe(Date.parse('2025-03-01T01:13:00Z'));
    expect(parseIsoTime('2025-03-01 02:13')).toBe(new Date(2025, 2, 1, 2, 13).getTime());
    expect(parseIsoTime('2025-03-01')).toBe(new Date(2025, 2, 1).getTime());
  });

  it('a clock time is today, local', () => {
    const today = new Date(NOW);
    expect(parseAt('02:13', NOW)).toBe(new Date(today).setHours(2, 13, 0, 0));
    expect(parseAt('2:13:30', NOW)).toBe(new Date(today).setHours(2, 13, 30, 0));
  });

  it.each([
    'yesterday',
    '24',
    'h',
    '-3h',
    '2025-02-30',
    '2025-13-01',
    '25:00',
    '02:60',
    '',
    '2025-03-01T24:00',
  ])('refuses %j', (text) => {
    expect(parseSince(text, NOW)).toBeUndefined();
    expect(parseAt(text, NOW)).toBeUndefined();
  });
});
