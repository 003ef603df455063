import type { Client } from 'ssh2';

/**
 * The notices sshd sends once authentication succeeds — the host-keys notice
 * (`hostkeys-00@openssh.com`, OpenSSH PROTOCOL §2.5) and SSH_MSG_DEBUG lines about the key's
 * options — cost every new tunnel ~40 ms before its first forwarded byte (tcpdump of a cold
 * start, docs/benchmarks.md "Cold start"):
 *  - ssh2 answers each notice with a `hostkeys-prove-00` request; the server's signed reply
 *    then was the last thing it sent before the forwarded data, the client had nothing to send,
 *    so it ACKed that reply only when its delayed-ACK timer fired (40 ms on Linux), and sshd's
 *    Nagle held the first forwarded reply until that ACK;
 *  - without the prove request the notice or the DEBUG lines are that last unacknowledged
 *    segment, and the channel-open confirmation waits behind them the same way.
 * So the host-keys notice is declined (no prove request: Tunnelkeeper does not learn host keys
 * from the server — they are pinned or confirmed by the admin, main/core/auth/trust — and ssh2
 * only emitted a `hostkeys` event nobody listens to), and every notice is acknowledged at once
 * with one SSH_MSG_IGNORE per socket read (RFC 4253 §11.2; empty, 52 bytes on the wire), whose
 * segment carries the TCP ACK. OpenSSH's client proves the keys and pays the 40 ms.
 *
 * The same holds all the time for the server's replies to our global requests — above all the
 * keepalive every few seconds: the reply is the last thing the server sent, and a request that
 * reaches the far end of a -R forward (a license check-out from the cloud side) in the 40 ms
 * that follow waits in sshd's Nagle for our delayed ACK. Measured (out-of-tree script, keepalive
 * 1 s, a request every 10 ms from the server side): 2–2.6 % of requests took 36–45 ms, through
 * Tunnelkeeper and `ssh -o ServerAliveInterval=1` alike (tcpdump: each time the keepalive's
 * reply, or sshd's CHANNEL_WINDOW_ADJUST for the replies we forwarded — one per ~96 KiB — was the
 * last unacknowledged segment). Those are acknowledged at once too: one more 52-byte packet per
 * keepalive and per window adjust.
 *
 * ssh2 1.x looks its message handlers up per message (`_protocol._handlers.GLOBAL_REQUEST`,
 * `.DEBUG` and those of UNANSWERED, lib/protocol/handlers.misc.js), so wrapping
 * those entries is enough; it writes packets with
 * `_packetRW.write.alloc/finalize` and `_cipher.encrypt` (lib/protocol/Protocol.js `ping`).
 * Without those internals (another ssh2) nothing changes.
 */
interface Proto {
  requestSuccess?: () => void;
  _kexinit?: unknown;
  _packetRW?: {
    write?: {
      allocStart?: number;
      alloc?: (len: number) => Buffer;
      finalize?: (packet: Buffer) => Buffer;
    };
  };
  _cipher?: { encrypt?: (packet: Buffer) => void };
}
type GlobalRequest = (p: Proto, name: string, wantReply: boolean, data: unknown) => void;
type Debug = (p: Proto, display: boolean, message: string) => void;
type Handler = (p: Proto, ...rest: unknown[]) => void;
/** Server messages Tunnelkeeper never answers with a packet of its own. */
const UNANSWERED = ['REQUEST_SUCCESS', 'REQUEST_FAILURE', 'CHANNEL_WINDOW_ADJUST'] as const;
interface Internals {
  _protocol?: {
    _handlers?: { GLOBAL_REQUEST?: GlobalRequest; DEBUG?: Debug } & {
      [K in (typeof UNANSWERED)[number]]?: Handler;
    };
  };
}

export const HOST_KEYS_NOTICE = 'hostkeys-00@openssh.com';
const SSH_MSG_IGNORE = 2;

/** Call once the client has a protocol object (from its `connect` event on). */
export function acknowledgeServerNotices(client: Client): boolean {
  const handlers = (client as unknown as Internals)._protocol?._handlers;
  const globalRequest = handlers?.GLOBAL_REQUEST;
  if (!handlers || typeof globalRequest !== 'function') return false;
  const debug = handlers.DEBUG;
  let scheduled = false;
  // One IGNORE after the read that brought them (ssh2 parses a whole read at once).
  const acknowledge = (p: Proto) => {
    if (scheduled) return;
    scheduled = true;
    process.nextTick(() => {
      scheduled = false;
      sendIgnore(p);
    });
  };
  handlers.GLOBAL_REQUEST = (p, name, wantReply, data) => {
    if (name !== HOST_KEYS_NOTICE) return globalRequest(p, name, wantReply, data);
    // A server that wants a reply to the notice gets the one ssh2 gives.
    if (wantReply) p.requestSuccess?.();
    else acknowledge(p);
  };
  handlers.DEBUG = (p, display, message) => {
    acknowledge(p);
    debug?.(p, display, message);
  };
  for (const kind of UNANSWERED) {
    const handler = handlers[kind];
    handlers[kind] = (p, ...rest) => {
      acknowledge(p);
      handler?.(p, ...rest);
    };
  }
  return true;
}

function sendIgnore(p: Proto): void {
  const w = p._packetRW?.write;
  const encrypt = p._cipher?.encrypt;
  // During a key exchange ssh2 queues packets; an ACK is not worth queueing.
  if (p._kexinit !== undefined || typeof encrypt !== 'function') return;
  if (typeof w?.allocStart !== 'number' || !w.alloc || !w.finalize) return;
  const at = w.allocStart;
  const packet = w.alloc(5);
  packet[at] = SSH_MSG_IGNORE;
  packet.writeUInt32BE(0, at + 1); // string data, empty
  encrypt.call(p._cipher, w.finalize.call(w, packet));
}
