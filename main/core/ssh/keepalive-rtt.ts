import type { Client } from 'ssh2';

/**
 * Times the session's own keepalives (issue 18: `tunnelkeeper_keepalive_rtt_seconds`), so the
 * gauge costs no extra packet. ssh2 exposes neither the keepalive nor its reply, so this reaches
 * into two of its internals (ssh2 1.x, lib/client.js):
 *  - its keepalive timer does `callbacks.push(resetKA); proto.ping()` — the reply callback is
 *    the last one queued when `ping` runs, and `ping` is called from nowhere else;
 *  - replies to global requests arrive in the order the requests were sent (RFC 4254 §4), and
 *    ssh2 shifts `_callbacks` on each, so the wrapped callback runs exactly on our ping's reply.
 * If a later ssh2 changes either, `install` finds no `_protocol.ping` / `_callbacks` and the
 * gauge simply stays absent; the tunnel is never affected.
 */
interface Internals {
  _protocol?: { ping?: () => void };
  _callbacks?: ((...args: unknown[]) => void)[];
}

export class KeepaliveRtt {
  /** The last keepalive's round trip, in seconds; undefined until the first reply. */
  seconds: number | undefined;

  /** Call once the session is ready (the protocol object exists from the handshake on). */
  install(client: Client): boolean {
    const internals = client as unknown as Internals;
    const protocol = internals._protocol;
    const ping = protocol?.ping;
    if (!protocol || typeof ping !== 'function' || !Array.isArray(internals._callbacks))
      return false;
    protocol.ping = () => {
      const callbacks = internals._callbacks;
      const reply = callbacks?.[callbacks.length - 1];
      if (callbacks && typeof reply === 'function') {
        const sent = performance.now();
        callbacks[callbacks.length - 1] = (...args: unknown[]) => {
          this.seconds = (performance.now() - sent) / 1000;
          reply(...args);
        };
      }
      ping.call(protocol);
    };
    return true;
  }
}
