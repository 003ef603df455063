import type { TunnelSnapshot } from '../../contract';
import { isReconnecting, isUp, needsUser, type TunnelStateName } from '../../contract/tunnel-state';
import type { RateLimiter } from './rate-limiter';
import type { ShellStrings } from './strings';

export type TunnelNotice = 'dropped' | 'degraded' | 'recovered' | 'failed';

/**
 * Which transitions a person wants to hear about. `wasDown` says the tunnel dropped or failed
 * since it was last connected: only then is reaching `connected` a recovery (the first connect
 * after Start is not news).
 */
export function noticeFor(
  previous: TunnelStateName,
  next: TunnelStateName,
  wasDown: boolean,
): TunnelNotice | null {
  if (previous === next) return null;
  if (needsUser(next)) return 'failed';
  if (isUp(previous) && isReconnecting(next)) return 'dropped';
  if (previous === 'connected' && next === 'degraded') return 'degraded';
  if (next === 'connected' && wasDown) return 'recovered';
  return null;
}

export interface ShownNotification {
  title: string;
  body: string;
  onClick(): void;
}

export interface NotifierDeps {
  show(notification: ShownNotification): void;
  limiter: RateLimiter;
  enabled(): boolean;
  strings(): ShellStrings;
  /** Opens the window on the tunnel's troubleshooting. */
  openTroubleshooting(tunnelId: string): void;
  now?: () => number;
}

export function createTunnelNotifier(deps: NotifierDeps) {
  const now = deps.now ?? Date.now;
  /** Tunnels that dropped, degraded or failed since they were last fully connected. */
  const down = new Set<string>();

  return {
    /** Feed every state change here; it decides, rate-limits and shows. */
    onTransition(tunnel: TunnelSnapshot, previous: TunnelStateName): TunnelNotice | null {
      const notice = noticeFor(previous, tunnel.state, down.has(tunnel.id));
      if (tunnel.state === 'connected' || tunnel.state === 'stopped') down.delete(tunnel.id);
      if (notice && notice !== 'recovered') down.add(tunnel.id);
      if (!notice || !deps.enabled() || !deps.limiter.allow(tunnel.id, now())) return null;
      const strings = deps.strings();
      deps.show({
        title: strings[notice](tunnel.name),
        body: notice === 'recovered' ? '' : strings.clickForHelp,
        onClick: () => deps.openTroubleshooting(tunnel.id),
      });
      return notice;
    },
  };
}
