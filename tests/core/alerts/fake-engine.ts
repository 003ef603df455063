import type { Cause } from '../../../contract/causes';
import type { AlertSource } from '../../../main/core/alerts';
import type { TunnelEvent, TunnelState } from '../../../main/core/tunnels/events';

/** The two things attachAlerts reads of the engine, driven by hand. */
export class FakeEngine implements AlertSource {
  private readonly listeners = new Set<(e: TunnelEvent) => void>();
  private readonly tunnels = new Map<
    string,
    { profile: string; name: string; state: TunnelState; cause?: Cause; detail?: string }
  >();

  constructor(profiles: Record<string, string>) {
    for (const [profile, name] of Object.entries(profiles))
      this.tunnels.set(profile, { profile, name, state: 'stopped' });
  }

  onEvent(listener: (e: TunnelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list() {
    return [...this.tunnels.values()];
  }

  /** Emits like the service does (listeners run synchronously); returns how long they took. */
  emit(profile: string, state: TunnelState, cause?: Cause, detail?: string): number {
    const tunnel = this.tunnels.get(profile)!;
    Object.assign(tunnel, { state, cause, detail });
    const event: TunnelEvent = {
      type: 'state',
      ts: new Date().toISOString(),
      profile,
      state,
      ...(cause ? { cause } : {}),
      ...(detail ? { detail } : {}),
    };
    const started = performance.now();
    for (const l of this.listeners) l(event);
    return performance.now() - started;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
