import type { TunnelSnapshot } from '../../../contract';
import { isAttempting, isUp, stateLight, type Light } from '../../../contract/tunnel-state';

export interface Lights {
  session: { light: Light; up: number; running: number };
  forwards: { light: Light; bound: number; total: number };
  connections: { light: Light; active: number };
}

/** The three lights of the provider's page, computed on this side from the tunnels' snapshots. */
export function computeLights(tunnels: readonly TunnelSnapshot[]): Lights {
  // Every tunnel that is not off (grey) counts, failed ones too.
  const running = tunnels.filter((t) => stateLight(t.state) !== 'grey');
  const upTunnels = running.filter((t) => isUp(t.state));
  const up = upTunnels.length;
  const trying = running.some((t) => isAttempting(t.state));
  const forwards = running.flatMap((t) => t.forwards);
  const bound = upTunnels.flatMap((t) => t.forwards).filter((f) => f.state === 'active').length;
  const active = running.reduce(
    (sum, t) => sum + t.forwards.reduce((n, f) => n + f.connections.active, 0),
    0,
  );
  const ratio = (good: number, all: number): Light =>
    all === 0 ? 'grey' : good === all ? 'green' : good > 0 || trying ? 'yellow' : 'red';
  return {
    session: { light: ratio(up, running.length), up, running: running.length },
    forwards: { light: ratio(bound, forwards.length), bound, total: forwards.length },
    // As on the provider's page: no active connection is yellow, not red.
    connections: {
      light: running.length === 0 ? 'grey' : active > 0 ? 'green' : 'yellow',
      active,
    },
  };
}
