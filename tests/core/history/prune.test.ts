import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachHistory, readHistory } from '../../../main/core/history';
import { FakeEngine, state, tempDir, writeSegment } from './fixture';

/** Rotation keeps 90 days and stays under the size cap (small caps here). */
const DAY_MS = 86_400_000;
const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (days: number) => new Date(NOW - days * DAY_MS).toISOString();
const total = (dir: string) =>
  readdirSync(dir).reduce((sum, n) => sum + statSync(path.join(dir, n)).size, 0);

describe('history rotation', () => {
  it('drops entries older than 90 days: whole old segments, and the old part of a straddling one', async () => {
    const dir = tempDir();
    writeSegment(dir, [state(ago(100), 'a', 'connecting'), state(ago(99), 'a', 'connected')]);
    writeSegment(dir, [
      state(ago(95), 'a', 'waiting', 'tcp-reset'),
      state(ago(89), 'a', 'connected'),
    ]);
    writeSegment(dir, [state(ago(10), 'a', 'waiting', 'keepalive-timeout')]);
    const aside = path.join(dir, 'x.jsonl.corrupt-old');
    writeFileSync(aside, 'junk');
    utimesSync(aside, new Date(NOW - 91 * DAY_MS), new Date(NOW - 91 * DAY_MS));
    const logged: string[] = [];
    await attachHistory(new FakeEngine(), {
      dir,
      now: () => NOW,
      log: (m) => logged.push(m),
    }).close();

    const entries = await readHistory(dir, { profile: 'a' });
    expect(entries.map((e) => e.ts)).toEqual([ago(89), ago(10), ago(0), ago(0)]);
    expect(readdirSync(dir)).toHaveLength(3); // the straddling one, the recent one, this run's
    expect(logged.join('\n')).toMatch(/2 old file\(s\) removed, 1 trimmed/);
  });

  it('a long-running engine drops old entries when a new day starts a segment', async () => {
    const dir = tempDir();
    let now = NOW - 95 * DAY_MS;
    const engine = new FakeEngine();
    const history = attachHistory(engine, { dir, now: () => now, heartbeatMs: 3_600_000 });
    engine.emit({ type: 'state', ts: ago(95), profile: 'a', state: 'connected' });
    now = NOW;
    engine.emit({ type: 'state', ts: ago(0), profile: 'a', state: 'waiting', cause: 'tcp-reset' });
    await history.close();
    const entries = await readHistory(dir);
    expect(entries.map((e) => e.type)).toEqual(['state', 'engine-stop']);
    expect(entries[0]).toMatchObject({ ts: ago(0), state: 'waiting' });
  });

  it('respects the size cap: the oldest segments go, the newest entries stay', async () => {
    const dir = tempDir();
    const engine = new FakeEngine();
    const maxTotalBytes = 4000;
    const history = attachHistory(engine, { dir, maxTotalBytes, segmentBytes: 1000 });
    const sizes: number[] = [];
    for (let i = 0; i < 200; i++) {
      engine.state('a', i % 2 ? 'connecting' : 'waiting', {
        cause: i % 2 ? undefined : 'tcp-refused',
        detail: `attempt ${i} ${'x'.repeat(60)}`,
      });
      if (i % 20 === 0) {
        await new Promise((r) => setTimeout(r, 5));
        sizes.push(total(dir));
      }
    }
    await history.close();
    sizes.push(total(dir));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxTotalBytes);
    expect(readdirSync(dir).length).toBeGreaterThan(2);
    const entries = await readHistory(dir, { profile: 'a' });
    const details = entries.flatMap((e) => (e.type === 'state' ? [e.detail] : []));
    expect(details.at(-1)).toMatch(/^attempt 199 /);
    expect(details.length).toBeLessThan(200);
    // What is kept is a contiguous, ordered tail.
    const numbers = details.map((d) => Number(/attempt (\d+)/.exec(d!)![1]));
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
  });
});
