import type { TunnelSummary } from '../../preload/contract';

export type TrayLight = 'green' | 'yellow' | 'red' | 'grey';

/** One light for all tunnels: any failure is red, anything in between is yellow. */
export function aggregateLight(tunnels: readonly TunnelSummary[]): TrayLight {
  const running = tunnels.filter((t) => t.state !== 'stopped');
  if (running.length === 0) return 'grey';
  if (running.some((t) => t.state === 'failed')) return 'red';
  if (running.every((t) => t.state === 'connected')) return 'green';
  return 'yellow';
}
