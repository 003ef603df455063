import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  aggregateLight,
  isReconnecting,
  isRunning,
  isUp,
  needsUser,
  stateLight,
  step,
  transitionRows,
  TUNNEL_STATES,
  type TunnelInput,
  type TunnelState,
  type TunnelStateName,
} from '../../contract/tunnel-state';

const T0 = Date.UTC(2026, 11, 7, 2, 13, 0);

/** One example of each state, as the supervisor would hold it. */
const EXAMPLES: Record<TunnelStateName, TunnelState> = {
  stopped: { name: 'stopped' },
  connecting: { name: 'connecting', attempt: 3 },
  authenticating: { name: 'authenticating', attempt: 3 },
  connected: { name: 'connected', since: T0 - 60_000 },
  degraded: {
    name: 'degraded',
    since: T0 - 60_000,
    cause: 'forward-refused',
    detail: 'port held',
    failing: [{ id: 'R1055', cause: 'forward-refused', detail: 'port held' }],
  },
  waiting: {
    name: 'waiting',
    cause: 'tcp-refused',
    detail: 'nothing listens',
    attempt: 4,
    retryAt: T0 + 5000,
  },
  failed: { name: 'failed', cause: 'hostkey-mismatch', detail: 'changed' },
};

const failing = [{ id: 'R1055', cause: 'forward-refused' as const, detail: 'in use' }];
const INPUTS = {
  start: { type: 'start' },
  handshake: { type: 'handshake' },
  rekey: { type: 'rekey' },
  'forwards all bound': { type: 'forwards', failing: [], pending: 0 },
  'forwards failing': { type: 'forwards', failing, pending: 0 },
  'forwards pending': { type: 'forwards', failing: [], pending: 1 },
  lost: {
    type: 'lost',
    cause: 'keepalive-timeout',
    detail: 'no answer',
    attempt: 2,
    retryInMs: 1500,
  },
  fail: { type: 'fail', cause: 'hostkey-mismatch', detail: 'changed on rekey' },
  retry: { type: 'retry', attempt: 2 },
  stop: { type: 'stop' },
} satisfies Record<string, TunnelInput>;
type InputName = keyof typeof INPUTS;

/**
 * The expected machine, written out by hand (not derived from the table under test): each
 * state's accepted inputs and where they lead; every input not listed must be refused.
 */
const EXPECTED: Record<TunnelStateName, Partial<Record<InputName, TunnelStateName>>> = {
  stopped: { start: 'connecting' },
  connecting: { handshake: 'authenticating', lost: 'waiting', fail: 'failed', stop: 'stopped' },
  authenticating: {
    rekey: 'authenticating',
    'forwards all bound': 'connected',
    'forwards failing': 'degraded',
    'forwards pending': 'authenticating',
    lost: 'waiting',
    fail: 'failed',
    stop: 'stopped',
  },
  connected: {
    rekey: 'connected',
    'forwards all bound': 'connected',
    'forwards failing': 'degraded',
    'forwards pending': 'connected',
    lost: 'waiting',
    fail: 'failed',
    stop: 'stopped',
  },
  degraded: {
    rekey: 'degraded',
    'forwards all bound': 'connected',
    'forwards failing': 'degraded',
    'forwards pending': 'degraded',
    lost: 'waiting',
    fail: 'failed',
    stop: 'stopped',
  },
  waiting: { retry: 'connecting', stop: 'stopped' },
  failed: { start: 'connecting', stop: 'stopped' },
};

describe('the tunnel state machine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  for (const state of TUNNEL_STATES)
    for (const input of Object.keys(INPUTS) as InputName[]) {
      const expected = EXPECTED[state][input];
      it(`${state} --${input}--> ${expected ?? 'refused'}`, () => {
        const result = step(EXAMPLES[state], INPUTS[input]);
        if (!expected) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.reason).toContain(`${state} --${INPUTS[input].type}-->`);
          return;
        }
        expect(result).toMatchObject({ ok: true, next: { name: expected } });
      });
    }

  it('a key re-exchange changes nothing anyone can see, in every state that has a session', () => {
    for (const name of ['authenticating', 'connected', 'degraded'] as const) {
      const result = step(EXAMPLES[name], { type: 'rekey' });
      expect(result).toEqual({ ok: true, next: EXAMPLES[name], changed: false });
    }
    // A rekey before the first handshake finished would be a bug in the lifecycle.
    expect(step(EXAMPLES.connecting, { type: 'rekey' }).ok).toBe(false);
  });

  it('each state carries its own data; the up-since time survives degraded ⇄ connected', () => {
    const up = step(EXAMPLES.authenticating, INPUTS['forwards all bound']);
    expect(up).toEqual({ ok: true, next: { name: 'connected', since: T0 }, changed: true });
    vi.advanceTimersByTime(30_000);
    const down = step(up.ok ? up.next : EXAMPLES.stopped, INPUTS['forwards failing']);
    expect(down).toMatchObject({
      ok: true,
      changed: true,
      next: { name: 'degraded', since: T0, cause: 'forward-refused', detail: 'in use', failing },
    });
    const lost = step(EXAMPLES.connected, INPUTS.lost);
    expect(lost).toEqual({
      ok: true,
      changed: true,
      next: {
        name: 'waiting',
        cause: 'keepalive-timeout',
        detail: 'no answer',
        attempt: 2,
        retryAt: T0 + 30_000 + 1500,
      },
    });
    expect(step(EXAMPLES.waiting, INPUTS.retry)).toEqual({
      ok: true,
      changed: true,
      next: { name: 'connecting', attempt: 2 },
    });
  });

  it('the same failing forwards again is not news; another cause is', () => {
    const again = step(EXAMPLES.degraded, {
      type: 'forwards',
      failing: [{ id: 'R1055', cause: 'forward-refused', detail: 'port held' }],
      pending: 0,
    });
    expect(again).toMatchObject({ ok: true, changed: false });
    const other = step(EXAMPLES.degraded, {
      type: 'forwards',
      failing: [{ id: 'R1055', cause: 'target-unreachable', detail: 'licsrv down' }],
      pending: 0,
    });
    expect(other).toMatchObject({ ok: true, changed: true, next: { cause: 'target-unreachable' } });
  });
});

describe('the groupings every face uses', () => {
  it('up, running, needs the user, reconnecting and the light, per state', () => {
    const table = TUNNEL_STATES.map((s) => [
      s,
      isUp(s),
      isRunning(s),
      needsUser(s),
      isReconnecting(s),
      stateLight(s),
    ]);
    expect(table).toEqual([
      ['connecting', false, true, false, true, 'yellow'],
      ['authenticating', false, true, false, true, 'yellow'],
      ['connected', true, true, false, false, 'green'],
      ['degraded', true, true, false, false, 'yellow'],
      ['waiting', false, true, false, true, 'yellow'],
      ['failed', false, false, true, false, 'red'],
      ['stopped', false, false, false, false, 'grey'],
    ]);
  });

  it('one light for many tunnels: red wins, all green is green, nothing running is grey', () => {
    expect(aggregateLight([])).toBe('grey');
    expect(aggregateLight(['stopped', 'stopped'])).toBe('grey');
    expect(aggregateLight(['connected', 'stopped'])).toBe('green');
    expect(aggregateLight(['connected', 'waiting'])).toBe('yellow');
    expect(aggregateLight(['connected', 'degraded', 'failed'])).toBe('red');
  });
});

describe('the diagram in docs/architecture.md', () => {
  it('shows exactly the rows of the table', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/architecture.md'), 'utf8');
    const block = /```mermaid\nstateDiagram-v2\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block, 'a mermaid stateDiagram-v2 block').toBeDefined();
    const shown = new Set(
      [...block!.matchAll(/^\s*(\w+) --> (\w+) : (.+)$/gm)].flatMap(([, from, to, inputs]) =>
        inputs!.split(',').map((input) => `${from} --${input.trim()}--> ${to}`),
      ),
    );
    const table = new Set(transitionRows().map((r) => `${r.from} --${r.input}--> ${r.to}`));
    expect([...shown].sort()).toEqual([...table].sort());
  });
});
