import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../main/core/engine/run';
import { historyDir, readHistory, stateAt } from '../../../main/core/history';
import { freePort } from '../../helpers/ports';
import { tempDir } from './fixture';

/**
 * A real engine, in this process, with a profile whose port nothing listens on (no sshd: it
 * goes waiting/tcp-refused), run twice: the history holds both runs and the gap between them.
 */
describe('history of a real engine across a restart', () => {
  let running: RunningEngine | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('records both runs: markers, the state at attach, the tcp-refused retries', async () => {
    const root = tempDir('tk-history-engine-');
    const dataDir = path.join(root, 'data');
    process.env.TUNNELKEEPER_RUNTIME_DIR = path.join(root, 'run');
    const configPath = path.join(root, 'config.json');
    const port = await freePort();
    writeFileSync(
      configPath,
      JSON.stringify({
        version: 1,
        profiles: [
          {
            id: 'lic',
            name: 'licence',
            host: '127.0.0.1',
            port,
            user: 'nobody',
            autostart: true,
            reconnect: { minDelaySeconds: 0.1, maxDelaySeconds: 0.3 },
          },
        ],
      }),
    );
    const dir = historyDir(dataDir);
    const logged: string[] = [];
    const waitingSeen = (after: number) =>
      readHistory(dir, { profile: 'lic' }).then(
        (es) =>
          es.filter((e) => e.type === 'state' && e.state === 'waiting' && e.cause === 'tcp-refused')
            .length > after,
      );

    for (const run of [1, 2]) {
      const before = (await readHistory(dir).catch(() => [])).length;
      // The engine keeps its own history (run.ts attaches it) in <dataDir>/history.
      running = await startEngine({ configPath, dataDir, log: (m) => logged.push(m) });
      const seen = (await readHistory(dir, { profile: 'lic' })).filter(
        (e) => e.type === 'state' && e.state === 'waiting',
      ).length;
      await expect.poll(() => waitingSeen(seen + 1), { timeout: 15_000 }).toBe(true);
      await running.close();
      running = undefined;
      expect((await readHistory(dir)).length).toBeGreaterThan(before);
      if (run === 1) await new Promise((r) => setTimeout(r, 50)); // a visible gap
    }
    expect(logged.filter((m) => /history/i.test(m))).toEqual([]);

    const entries = await readHistory(dir, { profile: 'lic' });
    const markers = entries.filter((e) => e.type !== 'state').map((e) => e.type);
    expect(markers).toEqual(['engine-start', 'engine-stop', 'engine-start', 'engine-stop']);
    const runs = splitRuns(entries);
    for (const run of runs) {
      const states = run.flatMap((e) => (e.type === 'state' ? [e] : []));
      // The state when the history attached (the engine had started lic already).
      expect(states[0]).toMatchObject({ profile: 'lic', snapshot: true });
      expect(states.some((e) => e.state === 'connecting')).toBe(true);
      expect(
        states.filter((e) => e.state === 'waiting').every((e) => e.cause === 'tcp-refused'),
      ).toBe(true);
      // Closing the engine stopped the tunnel before the marker was written.
      expect(states.at(-1)).toMatchObject({ state: 'stopped' });
    }

    // Between the runs nobody watched; during one, the tunnel was down (waiting/connecting).
    const stop1 = Date.parse(runs[0]!.at(-1)!.ts);
    const start2 = Date.parse(runs[1]![0]!.ts);
    expect(start2).toBeGreaterThan(stop1);
    expect(await stateAt(dir, 'lic', (stop1 + start2) / 2)).toMatchObject({
      state: 'not-monitored',
    });
    const waiting = runs[1]!.find((e) => e.type === 'state' && e.state === 'waiting')!;
    expect(await stateAt(dir, 'lic', Date.parse(waiting.ts))).toMatchObject({
      state: 'waiting',
      cause: 'tcp-refused',
      outage: { cause: 'tcp-refused' },
    });
  });
});

function splitRuns<E extends { type: string }>(entries: E[]): E[][] {
  const runs: E[][] = [];
  for (const e of entries) {
    if (e.type === 'engine-start') runs.push([]);
    runs.at(-1)?.push(e);
  }
  return runs;
}
