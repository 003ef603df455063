import { Counter, Gauge, Registry } from 'prom-client';
import { isUp, TUNNEL_STATES } from '../../../contract/tunnel-state';
import type { TunnelEvent } from '../tunnels/events';
import { VERSION } from '../version';
import type { EngineTunnel } from './protocol';

/**
 * The engine's Prometheus metrics (prom-client, OpenMetrics-compatible text). Names follow the
 * conventions of cloudflared and the WireGuard exporter: units in the name, `_total` counters.
 * Gauges and byte counters are read from the tunnels' snapshots when scraped, so nothing runs
 * per forwarded chunk; only the event counters (reconnects, bind failures) count events.
 */
export interface EngineMetrics {
  registry: Registry;
  /** Feed every engine event here (counts reconnects and remote bind failures). */
  onEvent(event: TunnelEvent): void;
  text(): Promise<string>;
}

export function createEngineMetrics(list: () => EngineTunnel[]): EngineMetrics {
  const registry = new Registry();
  const registers = [registry];
  const snapshots = () => list();

  new Gauge({
    name: 'tunnelkeeper_build_info',
    help: 'Tunnelkeeper version of the running engine (always 1).',
    labelNames: ['version'],
    registers,
    collect() {
      this.set({ version: VERSION }, 1);
    },
  });
  new Gauge({
    name: 'tunnelkeeper_tunnel_up',
    help: 'Whether the tunnel is connected: session up and every forward listening (1) or not (0).',
    labelNames: ['profile'],
    registers,
    collect() {
      this.reset();
      for (const t of snapshots())
        this.set({ profile: t.profile }, t.state === 'connected' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'tunnelkeeper_tunnel_state',
    help: 'The tunnel state machine: 1 for the state the tunnel is in, 0 for the others.',
    labelNames: ['profile', 'state'],
    registers,
    collect() {
      this.reset();
      for (const t of snapshots())
        for (const state of TUNNEL_STATES)
          this.set({ profile: t.profile, state }, t.state === state ? 1 : 0);
    },
  });
  new Gauge({
    name: 'tunnelkeeper_tunnel_last_change_timestamp_seconds',
    help: 'When the tunnel last changed state (Unix time).',
    labelNames: ['profile'],
    registers,
    collect() {
      this.reset();
      for (const t of snapshots()) {
        const ms = Date.parse(t.since);
        if (ms > 0) this.set({ profile: t.profile }, ms / 1000);
      }
    },
  });
  new Gauge({
    name: 'tunnelkeeper_forward_up',
    help: 'Whether the forward listens (1) while its tunnel is up, or not (0).',
    labelNames: ['profile', 'forward'],
    registers,
    collect() {
      this.reset();
      for (const t of snapshots())
        for (const f of t.forwards)
          this.set(
            { profile: t.profile, forward: f.id },
            isUp(t.state) && f.status === 'listening' ? 1 : 0,
          );
    },
  });
  new Gauge({
    name: 'tunnelkeeper_forward_active_connections',
    help: 'Connections open now through the forward.',
    labelNames: ['profile', 'forward'],
    registers,
    collect() {
      this.reset();
      for (const t of snapshots())
        for (const f of t.forwards)
          this.set({ profile: t.profile, forward: f.id }, f.counters.active);
    },
  });
  new Gauge({
    name: 'tunnelkeeper_keepalive_rtt_seconds',
    help: "Round trip of the session's last keepalive (a global request the server answers), while the tunnel is up.",
    labelNames: ['profile'],
    registers,
    collect() {
      this.reset();
      for (const t of snapshots())
        if (t.keepaliveRttSeconds !== undefined)
          this.set({ profile: t.profile }, t.keepaliveRttSeconds);
    },
  });
  const bytes = new Counter({
    name: 'tunnelkeeper_forward_bytes_total',
    help: 'Bytes carried by the forward: sent from this side into the tunnel, received out of it.',
    labelNames: ['profile', 'forward', 'direction'],
    registers,
    collect() {
      // The tunnel keeps the totals across reconnects (and restarts them when it is restarted,
      // which Prometheus reads as a counter reset): report them as they are.
      bytes.reset();
      for (const t of snapshots())
        for (const f of t.forwards) {
          bytes.inc({ profile: t.profile, forward: f.id, direction: 'sent' }, f.counters.bytesSent);
          bytes.inc(
            { profile: t.profile, forward: f.id, direction: 'received' },
            f.counters.bytesReceived,
          );
        }
    },
  });
  const reconnects = new Counter({
    name: 'tunnelkeeper_tunnel_reconnects_total',
    help: 'Times the tunnel started another attempt after losing (or failing to get) its session.',
    labelNames: ['profile'],
    registers,
  });
  const bindFailures = new Counter({
    name: 'tunnelkeeper_remote_bind_failures_total',
    help: 'Remote forwards the server refused to bind (port held, e.g. by a stale session, or not permitted).',
    labelNames: ['profile', 'forward', 'cause'],
    registers,
  });
  const remote = new Map<string, Set<string>>();
  const isRemote = (profile: string, forward: string) => {
    let set = remote.get(profile);
    if (!set) {
      const t = snapshots().find((s) => s.profile === profile);
      set = new Set(t?.forwards.filter((f) => f.type === 'remote').map((f) => f.id) ?? []);
      remote.set(profile, set);
    }
    return set.has(forward);
  };

  return {
    registry,
    onEvent(event) {
      // A tunnel's counter exists from its first attempt at 0, or increase() misses the first.
      if (event.type === 'state' && event.state === 'connecting')
        reconnects.inc({ profile: event.profile }, (event.attempt ?? 1) > 1 ? 1 : 0);
      if (event.type === 'state' && event.state === 'connecting') remote.delete(event.profile);
      if (
        event.type === 'forward' &&
        event.status === 'failed' &&
        isRemote(event.profile, event.forward)
      )
        bindFailures.inc({
          profile: event.profile,
          forward: event.forward,
          cause: event.cause ?? 'unknown',
        });
    },
    text: () => registry.metrics(),
  };
}
