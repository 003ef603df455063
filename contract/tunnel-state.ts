/**
 * The tunnel state machine, defined once: the states (each carrying only its own data), the one
 * table of allowed transitions, and the groupings every face needs (up, running, needs the
 * user, light). The supervisor drives it; the tray, notifications, the bridge, the CLI and the
 * window only read it. Dependency-free so the renderer may import it at run time.
 *
 * Modelled on VS Code's update service (a type per state, guarded transitions): a transition
 * that is not in the table is refused and reported as a bug, never applied — a state that
 * cannot lie has to be impossible to set from the wrong place.
 */
import type { Cause } from './causes';

/** The state names, exactly as ../shared/spec/cli.md spells them. */
export const TUNNEL_STATES = [
  'connecting',
  'authenticating',
  'connected',
  'degraded',
  'waiting',
  'failed',
  'stopped',
] as const;
export type TunnelStateName = (typeof TUNNEL_STATES)[number];

/** A forward that is not listening while the session is up. */
export interface FailingForward {
  id: string;
  cause: Cause;
  detail: string;
}

export type TunnelState =
  | { name: 'stopped' }
  /** A connection attempt is under way (TCP, proxy, jump hosts, first key exchange). */
  | { name: 'connecting'; attempt: number }
  /** The first key exchange is done: credentials are being offered, then forwards bound. */
  | { name: 'authenticating'; attempt: number }
  /** Session up and every forward listening. `since`: when the session first came up. */
  | { name: 'connected'; since: number }
  /** Session up, some forward not listening (the first one's cause speaks for the tunnel). */
  | {
      name: 'degraded';
      since: number;
      cause: Cause;
      detail: string;
      failing: readonly FailingForward[];
    }
  /** A retry is scheduled. `attempt`: the number of the attempt that will run at `retryAt`. */
  | { name: 'waiting'; cause: Cause; detail: string; attempt: number; retryAt: number }
  /** Will not retry without a person (host key, locked key …). */
  | { name: 'failed'; cause: Cause; detail: string };

export type StateOf<N extends TunnelStateName> = Extract<TunnelState, { name: N }>;

/** What can happen to a tunnel. The supervisor turns ssh2's events into these. */
export type TunnelInput =
  | { type: 'start' }
  /** The attempt's first key exchange finished; authentication begins. */
  | { type: 'handshake' }
  /** A later key exchange on a live session (RekeyLimit, server policy): never a state change. */
  | { type: 'rekey' }
  /** The session is authenticated and its forwards changed: which fail, how many are pending. */
  | { type: 'forwards'; failing: readonly FailingForward[]; pending: number }
  /** The attempt or the session ended; a retry is scheduled. */
  | { type: 'lost'; cause: Cause; detail: string; attempt: number; retryInMs: number }
  /** The attempt or the session ended for a cause only a person can fix. */
  | { type: 'fail'; cause: Cause; detail: string }
  /** The retry timer fired (or a nudge: network back, machine resumed). */
  | { type: 'retry'; attempt: number }
  | { type: 'stop' };
export type TunnelInputType = TunnelInput['type'];

/**
 * The one table: for each state, the inputs it accepts and the states they may lead to. Read
 * as rows "state --input--> next"; anything absent is refused.
 */
export const TRANSITIONS: {
  readonly [S in TunnelStateName]: Partial<Record<TunnelInputType, readonly TunnelStateName[]>>;
} = {
  stopped: { start: ['connecting'] },
  connecting: {
    handshake: ['authenticating'],
    lost: ['waiting'],
    fail: ['failed'],
    stop: ['stopped'],
  },
  authenticating: {
    rekey: ['authenticating'],
    forwards: ['authenticating', 'connected', 'degraded'],
    lost: ['waiting'],
    fail: ['failed'],
    stop: ['stopped'],
  },
  connected: {
    rekey: ['connected'],
    forwards: ['connected', 'degraded'],
    lost: ['waiting'],
    fail: ['failed'],
    stop: ['stopped'],
  },
  degraded: {
    rekey: ['degraded'],
    forwards: ['connected', 'degraded'],
    lost: ['waiting'],
    fail: ['failed'],
    stop: ['stopped'],
  },
  waiting: { retry: ['connecting'], stop: ['stopped'] },
  failed: { start: ['connecting'], stop: ['stopped'] },
};

/** Every row of the table, for the diagram and its test. */
export function transitionRows(): {
  from: TunnelStateName;
  input: TunnelInputType;
  to: TunnelStateName;
}[] {
  return TUNNEL_STATES.flatMap((from) =>
    Object.entries(TRANSITIONS[from]).flatMap(([input, targets]) =>
      (targets ?? []).map((to) => ({ from, input: input as TunnelInputType, to })),
    ),
  );
}

export type Step =
  /** `changed`: whether anyone watching can tell (name or data differ). */
  { ok: true; next: TunnelState; changed: boolean } | { ok: false; reason: string };

const upSince = (s: TunnelState, now: number): number =>
  s.name === 'connected' || s.name === 'degraded' ? s.since : now;

/** The state an input asks for, before the table is consulted. */
function target(s: TunnelState, input: TunnelInput, now: number): TunnelState | undefined {
  switch (input.type) {
    case 'start':
      return { name: 'connecting', attempt: 1 };
    case 'retry':
      return { name: 'connecting', attempt: input.attempt };
    case 'handshake':
      return { name: 'authenticating', attempt: s.name === 'connecting' ? s.attempt : 1 };
    case 'rekey':
      return s;
    case 'forwards': {
      const [first] = input.failing;
      if (first)
        return {
          name: 'degraded',
          since: upSince(s, now),
          cause: first.cause,
          detail: first.detail,
          failing: input.failing,
        };
      if (input.pending === 0) return { name: 'connected', since: upSince(s, now) };
      // Some forwards are still being bound: the state stays what it is until they decide.
      return s;
    }
    case 'lost':
      return {
        name: 'waiting',
        cause: input.cause,
        detail: input.detail,
        attempt: input.attempt,
        retryAt: now + input.retryInMs,
      };
    case 'fail':
      return { name: 'failed', cause: input.cause, detail: input.detail };
    case 'stop':
      return { name: 'stopped' };
  }
}

function same(a: TunnelState, b: TunnelState): boolean {
  if (a.name !== b.name) return false;
  if (a.name === 'degraded' && b.name === 'degraded')
    return (
      a.cause === b.cause &&
      a.detail === b.detail &&
      a.failing.map((f) => `${f.id}:${f.cause}`).join() ===
        b.failing.map((f) => `${f.id}:${f.cause}`).join()
    );
  // connected (since carries over), stopped: nothing else a watcher could tell apart.
  return a.name === 'connected' || a.name === 'stopped' || JSON.stringify(a) === JSON.stringify(b);
}

/** Applies an input to a state: the next state, or a refusal naming the missing table row. */
export function step(current: TunnelState, input: TunnelInput, now = Date.now()): Step {
  const allowed = TRANSITIONS[current.name][input.type];
  const next = target(current, input, now);
  if (!allowed || !next || !allowed.includes(next.name))
    return {
      ok: false,
      reason: `no transition ${current.name} --${input.type}--> ${next?.name ?? '?'}`,
    };
  return { ok: true, next, changed: !same(current, next) };
}

// ---- the groupings the faces need -----------------------------------------------------------

/** The session is up (some or all forwards listening). */
export const isUp = (s: TunnelStateName): boolean => s === 'connected' || s === 'degraded';

/** The supervisor is working on it: Stop makes sense, Start does not. */
export const isRunning = (s: TunnelStateName): boolean => s !== 'stopped' && s !== 'failed';

/** Nothing happens until a person acts (confirm a host key, unlock a key, fix the config). */
export const needsUser = (s: TunnelStateName): boolean => s === 'failed';

/** On its way (back) up by itself: an attempt under way or scheduled. */
export const isReconnecting = (s: TunnelStateName): boolean =>
  s === 'connecting' || s === 'authenticating' || s === 'waiting';

/** An attempt is under way right now (not waiting for the timer). */
export const isAttempting = (s: TunnelStateName): boolean =>
  s === 'connecting' || s === 'authenticating';

/** green = working, yellow = on its way or partly working, red = needs a person, grey = off. */
export type Light = 'green' | 'yellow' | 'red' | 'grey';

export function stateLight(s: TunnelStateName): Light {
  if (s === 'connected') return 'green';
  if (s === 'stopped') return 'grey';
  if (needsUser(s)) return 'red';
  return 'yellow';
}

/** One light for many tunnels (the tray): any red is red, all green is green, none on is grey. */
export function aggregateLight(states: readonly TunnelStateName[]): Light {
  const lights = states.map(stateLight).filter((l) => l !== 'grey');
  if (lights.length === 0) return 'grey';
  if (lights.includes('red')) return 'red';
  return lights.every((l) => l === 'green') ? 'green' : 'yellow';
}
