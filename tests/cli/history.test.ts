import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyDir } from '../../main/core/history';
import { runCli } from '../helpers/cli';
import {
  DAY,
  start,
  state,
  stop,
  T,
  tempDir,
  writeDay,
  writeSegment,
} from '../core/history/fixture';

/** `tunnelkeeper history` against prepared data dirs (no engine running). */
function dataDirWithDay(): string {
  const dataDir = tempDir('tk-cli-history-');
  writeDay(historyDir(dataDir));
  return dataDir;
}

const history = (dataDir: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['history', ...args], { env: { TUNNELKEEPER_DATA_DIR: dataDir, TZ: 'UTC', ...env } });

describe('tunnelkeeper history', () => {
  const dataDir = dataDirWithDay();

  it('--at: the state then, why, since when and for how long', async () => {
    const r = await history(dataDir, ['lic', '--at', '2025-03-01T02:14:40Z']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'at 2025-03-01 02:14:40: waiting (keepalive-timeout) since 02:11:40 for 3 min, until 02:16:40',
    );
    expect(r.stdout).toContain('detail: no keepalive reply for 20 s');

    const later = await history(dataDir, ['lic', '--at', '2025-03-01T02:18:00Z']);
    expect(later.stdout).toContain('waiting (tcp-refused) since 02:16:41 for 1 min 19 s');
    expect(later.stdout).toContain(
      'down since 02:11:40 (6 min 20 s): keepalive-timeout, tcp-refused; back at 02:20:00',
    );
    const down = await history(dataDir, ['lic', '--at', '2025-03-01T03:30:00Z']);
    expect(down.stdout).toContain('not monitored (no engine was watching it) since 03:00:00');
  });

  it('--at --json', async () => {
    const r = await history(dataDir, ['lic', '--at', '2025-03-01T02:14:40Z', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      profile: 'lic',
      at: T('02:14:40'),
      state: 'waiting',
      cause: 'keepalive-timeout',
      detail: 'no keepalive reply for 20 s',
      since: T('02:11:40'),
      until: T('02:16:40'),
      forMs: 180_000,
      outage: {
        since: T('02:11:40'),
        until: T('02:20:00'),
        cause: 'keepalive-timeout',
        causes: ['keepalive-timeout'],
      },
      warnings: [],
    });
  });

  it('--at HH:MM is today, local time', async () => {
    // A zone where it is about noon now, so 10:14:40 today is in the past.
    const n = 12 - new Date().getUTCHours();
    const tz = n >= 0 ? `Etc/GMT-${n}` : `Etc/GMT+${-n}`;
    const local = new Date(Date.now() + n * 3600_000);
    const day = local.toISOString().slice(0, 10);
    const at = (hms: string) => new Date(Date.parse(`${day}T${hms}Z`) - n * 3600_000).toISOString();
    const dir = tempDir('tk-cli-history-today-');
    writeSegment(historyDir(dir), [
      start(at('09:00:00')),
      state(at('09:00:00'), 'lic', 'connected'),
      state(at('10:11:40'), 'lic', 'waiting', 'keepalive-timeout'),
      stop(at('10:30:00')),
    ]);
    const r = await history(dir, ['lic', '--at', '10:14:40'], { TZ: tz });
    expect(r.stdout).toContain('waiting (keepalive-timeout) since 10:11:40 for 3 min');
    expect(r.code).toBe(0);
  });

  it('the changes since a time, and the summary', async () => {
    const r = await history(dataDir, ['lic', '--since', '2025-03-01T00:00:00Z']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain(
      '2025-03-01 02:11:40  waiting  keepalive-timeout  no keepalive reply for 20 s',
    );
    expect(lines).toContain(
      '2025-03-01 03:00:00  engine stopped (not monitored until it starts again)',
    );
    expect(lines.filter((l) => l.includes('engine started'))).toHaveLength(3);
    // The 04:00 run's crash (no engine-stop; last line 05:00) shows as a gap.
    expect(lines).toContain(
      '2025-03-01 05:00:00  engine went silent (crashed or killed?): not monitored until it starts again',
    );
    expect(lines.some((l) => l.includes('other'))).toBe(false);
    expect(r.stdout).toMatch(
      /uptime 97\.20% since 2025-03-01 00:00:00 \(monitored 5 h, not monitored .*\); 4 outages/,
    );
    expect(r.stdout).toContain(
      '  outage 2025-03-01 02:11:40 – 02:20:00 (8 min 20 s): waiting, connecting, keepalive-timeout, tcp-refused',
    );
  });

  it('--json: entries, segments, uptime, outages', async () => {
    const r = await history(dataDir, ['lic', '--since', '2025-03-01T00:00:00Z', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      profile: 'lic',
      from: T('00:00:00'),
      monitoredMs: 5 * 3600_000,
      connectedMs: 5 * 3600_000 - 504_000,
      uptimePercent: 97.2,
      warnings: [],
    });
    expect(Date.parse(out.to)).toBeGreaterThan(Date.parse(T('08:00:00')));
    // The day without `other`'s lines and the heartbeat.
    expect(out.entries).toEqual(
      DAY.filter((e) => (e.type === 'state' ? e.profile === 'lic' : e.type !== 'engine-alive')),
    );
    expect(out.entries[0]).toEqual({
      type: 'engine-start',
      ts: T('00:00:00'),
      pid: 1,
      heartbeatMs: 60_000,
    });
    expect(out.outages).toHaveLength(4);
    expect(out.segments.at(-1)).toMatchObject({ from: T('07:00:00'), state: 'not-monitored' });
  });

  it('default period (24 h): long ago is all not monitored', async () => {
    const r = await history(dataDir, ['lic', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ entries: [], uptimePercent: null, monitoredMs: 0, outages: [] });
    expect(Date.parse(out.to) - Date.parse(out.from)).toBeCloseTo(24 * 3600_000, -3);
    const human = await history(dataDir, ['lic', '--since', '7d']);
    expect(human.stdout).toMatch(
      /^no changes since .*\nuptime n\/a since .*: not monitored in this period\n$/,
    );
  });

  it('an unknown id: exit 1 naming the profiles that have history', async () => {
    const r = await history(dataDir, ['nope']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^tunnelkeeper: no history for "nope" in .* \(profiles with history: lic, other\)\n$/,
    );
    const empty = await history(tempDir(), ['lic', '--json']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no profile has history in .* yet/);
  });

  it.each([
    [['--since', 'yesterday'], /--since "yesterday" is not a time/],
    [['--since', '2999-01-01'], /--since "2999-01-01" is in the future/],
    [['--at', '25:99'], /--at "25:99" is not a time/],
    [['--at', '2999-01-01T00:00Z'], /--at "2999-01-01T00:00Z" is in the future/],
    [['--at', '02:13', '--since', '1h'], /--at and --since do not go together/],
  ])('bad options %j: exit 2 with a clear message', async (args, message) => {
    const r = await history(dataDir, ['lic', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a damaged file: the readable history is used, the user warned (stderr and --json)', async () => {
    const dir = dataDirWithDay();
    const folder = historyDir(dir);
    mkdirSync(folder, { recursive: true });
    const file = writeSegment(folder, [state(T('12:00:00'), 'lic', 'connected')]);
    writeFileSync(file, `not json\n${JSON.stringify(state(T('12:00:00'), 'lic', 'connected'))}\n`);
    writeFileSync(path.join(folder, '2025-02-01T00-00-00.000Z.jsonl.corrupt-x'), 'junk');
    const r = await history(dir, ['lic', '--at', '2025-03-01T02:14:40Z', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.state).toBe('waiting');
    expect(out.warnings).toEqual([
      expect.stringMatching(/damaged history file was kept aside: .*corrupt-x/),
      expect.stringMatching(/is damaged: 1 unreadable line\(s\) from line 1 skipped/),
    ]);
    expect(r.stderr.trimEnd().split('\n')).toEqual(
      out.warnings.map((w: string) => `tunnelkeeper: warning: ${w}`),
    );
  });
});
