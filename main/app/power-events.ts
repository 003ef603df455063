/**
 * Moments after which a waiting tunnel should retry now instead of at its next backoff step:
 * the machine woke up, the session was unlocked (or locked: Windows may have switched
 * networks meanwhile), the network came back. Users complain most about tunnels that stay
 * down after sleep; this is the fix on the shell's side.
 */
export interface PowerSource {
  on(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

export const NUDGE_EVENTS = ['resume', 'unlock-screen', 'lock-screen', 'user-did-become-active'];

export interface NetworkWatchOptions {
  isOnline(): boolean;
  /** Electron has no "online" event in main: poll `net.isOnline()`, it is cheap. */
  intervalMs?: number;
}

export function watchForNudges(
  power: PowerSource,
  network: NetworkWatchOptions,
  nudge: (reason: string) => void,
): () => void {
  const listeners = NUDGE_EVENTS.map((event) => {
    const listener = () => nudge(event);
    power.on(event, listener);
    return { event, listener };
  });
  let online = network.isOnline();
  const timer = setInterval(() => {
    const now = network.isOnline();
    if (now && !online) nudge('online');
    online = now;
  }, network.intervalMs ?? 3000);
  timer.unref?.();
  return () => {
    clearInterval(timer);
    for (const { event, listener } of listeners) power.removeListener(event, listener);
  };
}
