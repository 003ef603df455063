import type { Client } from 'ssh2';
import { describe, expect, it, vi } from 'vitest';
import { KeepaliveRtt } from '../../../main/core/ssh/keepalive-rtt';

/**
 * The shape of ssh2's client internals the gauge relies on (lib/client.js): its keepalive timer
 * queues the reply callback, then pings; replies to global requests shift the queue in order.
 * (The real path is scraped from a real engine in tests/core/engine/metrics.test.ts.)
 */
function fakeClient() {
  const sent: string[] = [];
  const internals = {
    _callbacks: [] as ((failed: boolean) => void)[],
    _protocol: { ping: () => void sent.push('ping') },
  };
  const keepalive = (resetKA: () => void) => {
    internals._callbacks.push(resetKA);
    internals._protocol.ping();
  };
  const reply = () => internals._callbacks.shift()?.(true);
  return { client: internals as unknown as Client, internals, sent, keepalive, reply };
}

describe('keepalive round trip', () => {
  it('times the keepalive from its ping to its own reply, and still runs ssh2’s callback', () => {
    vi.useFakeTimers();
    try {
      const { client, internals, sent, keepalive, reply } = fakeClient();
      const rtt = new KeepaliveRtt();
      expect(rtt.install(client)).toBe(true);
      expect(rtt.seconds).toBeUndefined();

      // A remote-forward request is in flight before the keepalive: its reply comes first and
      // must reach the forward, not the gauge.
      const forwardReply = vi.fn();
      internals._callbacks.push(forwardReply);
      const resetKA = vi.fn();
      vi.advanceTimersByTime(1);
      keepalive(resetKA);
      expect(sent).toEqual(['ping']);
      vi.advanceTimersByTime(40);
      reply();
      expect(forwardReply).toHaveBeenCalledOnce();
      expect(rtt.seconds).toBeUndefined();
      vi.advanceTimersByTime(35);
      reply();
      expect(resetKA).toHaveBeenCalledOnce();
      expect(rtt.seconds).toBeCloseTo(0.075, 3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an ssh2 without the expected internals: nothing installed, nothing broken', () => {
    const rtt = new KeepaliveRtt();
    expect(rtt.install({} as Client)).toBe(false);
    expect(rtt.install({ _protocol: {} } as unknown as Client)).toBe(false);
    expect(rtt.seconds).toBeUndefined();
  });
});
