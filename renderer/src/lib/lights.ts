import type { TunnelSnapshot, TunnelState } from '../../../preload/contract';

/** ok = green, warn = yellow, bad = red, off = grey (nothing running). */
export type Light = 'ok' | 'warn' | 'bad' | 'off';

export interface Lights {
  session: { light: Light; up: number; running: number };
  forwards: { light: Light; bound: number; total: number };
  connections: { light: Light; active: number };
}

const UP: readonly TunnelState[] = ['connected', 'degraded'];
const TRYING: readonly TunnelState[] = ['connecting', 'authenticating'];

/** The three lights of the provider's page, computed on this side from the tunnels' snapshots. */
export function computeLights(tunnels: readonly TunnelSnapshot[]): Lights {
  const running = tunnels.filter((t) => t.state !== 'stopped');
  const up = running.filter((t) => UP.includes(t.state)).length;
  const trying = running.some((t) => TRYING.includes(t.state));
  const forwards = running.flatMap((t) => t.forwards);
  const bound = running
    .filter((t) => UP.includes(t.state))
    .flatMap((t) => t.forwards)
    .filter((f) => f.state === 'active').length;
  const active = running.reduce(
    (sum, t) => sum + t.forwards.reduce((n, f) => n + f.connections.active, 0),
    0,
  );
  const ratio = (good: number, all: number): Light =>
    all === 0 ? 'off' : good === all ? 'ok' : good > 0 || trying ? 'warn' : 'bad';
  return {
    session: { light: ratio(up, running.length), up, running: running.length },
    forwards: { light: ratio(bound, forwards.length), bound, total: forwards.length },
    // As on the provider's page: no active connection is yellow, not red.
    connections: { light: running.length === 0 ? 'off' : active > 0 ? 'ok' : 'warn', active },
  };
}

/** The light of one tunnel's state. */
export function stateLight(state: TunnelState): Light {
  if (state === 'connected') return 'ok';
  if (state === 'stopped') return 'off';
  if (state === 'failed') return 'bad';
  return 'warn';
}
