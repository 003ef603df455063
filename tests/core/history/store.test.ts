import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachHistory, readHistory } from '../../../main/core/history';
import { encodeEntry } from '../../../main/core/history/entry';
import { FakeEngine, state, tempDir, writeSegment } from './fixture';

/** The store: append-only JSON lines that survive restarts, crashes and damage. */
const now = () => new Date().toISOString();
const files = (dir: string) => readdirSync(dir).sort();

describe('history store', () => {
  it('survives a restart: written, closed, reopened, read back in order', async () => {
    const dir = tempDir();
    const engine = new FakeEngine();
    engine.tunnels = [{ profile: 'a', state: 'connecting' }];
    let history = attachHistory(engine, { dir });
    engine.state('a', 'waiting', { cause: 'tcp-refused', detail: 'ECONNREFUSED', retryInMs: 500 });
    engine.state('a', 'connecting', { attempt: 2 });
    engine.state('a', 'connected');
    engine.emit({ type: 'log', ts: now(), profile: 'a', level: 'info', message: 'not history' });
    await history.close();

    engine.tunnels = [{ profile: 'a', state: 'stopped' }];
    history = attachHistory(engine, { dir });
    engine.state('a', 'connecting');
    await history.close();
    await history.close(); // twice is harmless

    const entries = await readHistory(dir);
    expect(entries.map((e) => (e.type === 'state' ? `${e.state}` : e.type))).toEqual([
      'engine-start',
      'connecting',
      'waiting',
      'connecting',
      'connected',
      'engine-stop',
      'engine-start',
      'stopped',
      'connecting',
      'engine-stop',
    ]);
    expect(entries[1]).toMatchObject({ profile: 'a', snapshot: true });
    expect(entries[2]).toMatchObject({
      cause: 'tcp-refused',
      detail: 'ECONNREFUSED',
      retryInMs: 500,
    });
    expect(entries[0]).toMatchObject({ pid: process.pid, heartbeatMs: 300_000 });
    // Same day, clean file: the second run went on in the same segment.
    expect(files(dir)).toHaveLength(1);
    expect(await readHistory(dir, { profile: 'b' })).toHaveLength(4); // the markers only
  });

  it('a torn last line is skipped, never appended to, and not a warning', async () => {
    const dir = tempDir();
    const file = writeSegment(
      dir,
      [state(now(), 'a', 'connecting'), state(now(), 'a', 'connected')],
      '{"type":"state","ts":"2025-03-01T02:1',
    );
    const warnings: string[] = [];
    expect(await readHistory(dir, { onWarning: (w) => warnings.push(w) })).toHaveLength(2);
    expect(warnings).toEqual([]);

    const logged: string[] = [];
    const history = attachHistory(new FakeEngine(), { dir, log: (m) => logged.push(m) });
    await history.close();
    expect(logged).toEqual([]);
    expect(readFileSync(file, 'utf8')).toMatch(/"ts":"2025-03-01T02:1$/); // untouched
    expect(files(dir)).toHaveLength(2); // the new run started its own segment
    const after = await readHistory(dir, { onWarning: (w) => warnings.push(w) });
    expect(after.map((e) => e.type)).toEqual(['state', 'state', 'engine-start', 'engine-stop']);
    expect(warnings).toEqual([]);
  });

  it('a damaged file is set aside, a new one holds what still reads, and the user is told', async () => {
    const dir = tempDir();
    const good = [state(now(), 'a', 'connecting'), state(now(), 'a', 'connected')];
    const damaged = `${encodeEntry(good[0]!)}\u0000\u0001garbage\n${encodeEntry(good[1]!)}`;
    const file = writeSegment(dir, good);
    writeFileSync(file, damaged);
    // A reader skips the bad line and says so.
    const warnings: string[] = [];
    expect(await readHistory(dir, { onWarning: (w) => warnings.push(w) })).toHaveLength(2);
    expect(warnings).toEqual([
      expect.stringMatching(/is damaged: 1 unreadable line\(s\) from line 2/),
    ]);

    const logged: string[] = [];
    await attachHistory(new FakeEngine(), { dir, log: (m) => logged.push(m) }).close();
    expect(logged).toEqual([
      expect.stringMatching(
        /is damaged \(line 2 unreadable\): kept aside as .*\.corrupt-.*; 2 readable entries kept/,
      ),
    ]);
    const aside = files(dir).find((n) => n.includes('.corrupt-'))!;
    expect(readFileSync(path.join(dir, aside), 'utf8')).toBe(damaged);
    expect(readFileSync(file, 'utf8')).toBe(good.map(encodeEntry).join(''));

    warnings.length = 0;
    const after = await readHistory(dir, { onWarning: (w) => warnings.push(w) });
    expect(after.map((e) => e.type)).toEqual(['state', 'state', 'engine-start', 'engine-stop']);
    expect(warnings).toEqual([
      expect.stringMatching(/damaged history file was kept aside: .*corrupt/),
    ]);
  });

  it('a file that is not JSON lines at all is set aside whole', async () => {
    const dir = tempDir();
    const file = writeSegment(dir, [state(now(), 'a', 'connected')]);
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x00, 0xff]));
    const warnings: string[] = [];
    expect(await readHistory(dir, { onWarning: (w) => warnings.push(w) })).toEqual([]);
    expect(warnings).toHaveLength(1);
    const logged: string[] = [];
    await attachHistory(new FakeEngine(), { dir, log: (m) => logged.push(m) }).close();
    expect(logged[0]).toMatch(/kept aside .*; 0 readable entries kept/);
    expect(existsSync(file)).toBe(false);
    expect((await readHistory(dir)).map((e) => e.type)).toEqual(['engine-start', 'engine-stop']);
  });

  it('an idle engine writes heartbeats; readers skip them unless asked', async () => {
    const dir = tempDir();
    const history = attachHistory(new FakeEngine(), { dir, heartbeatMs: 40 });
    await new Promise((r) => setTimeout(r, 250));
    await history.close();
    const all = await readHistory(dir, { heartbeats: true });
    expect(all.filter((e) => e.type === 'engine-alive').length).toBeGreaterThanOrEqual(2);
    expect((await readHistory(dir)).map((e) => e.type)).toEqual(['engine-start', 'engine-stop']);
  });

  it('never throws into the engine when the folder cannot be written', async () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, 'x');
    const logged: string[] = [];
    const engine = new FakeEngine();
    const history = attachHistory(engine, {
      dir: path.join(blocker, 'history'),
      log: (m) => logged.push(m),
    });
    engine.state('a', 'connected');
    await history.close();
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toMatch(/history not opened/);
  });
});
