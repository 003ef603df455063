/**
 * The SSH agent protocol's framing and message numbers (draft-miller-ssh-agent): every message is
 * uint32 length ‖ byte type ‖ body. Shared by our server, our client and the tests.
 */
export const MSG = {
  FAILURE: 5,
  SUCCESS: 6,
  REQUEST_IDENTITIES: 11,
  IDENTITIES_ANSWER: 12,
  SIGN_REQUEST: 13,
  SIGN_RESPONSE: 14,
  ADD_IDENTITY: 17,
  REMOVE_IDENTITY: 18,
  REMOVE_ALL_IDENTITIES: 19,
  LOCK: 22,
  UNLOCK: 23,
  ADD_ID_CONSTRAINED: 25,
  EXTENSION: 27,
} as const;

export const SIGN_FLAGS = { RSA_SHA2_256: 2, RSA_SHA2_512: 4 } as const;

export const CONSTRAINT = { LIFETIME: 1, CONFIRM: 2, EXTENSION: 255 } as const;

/** OpenSSH's own ceiling; a larger length is a broken or hostile peer, not a key. */
export const MAX_MESSAGE = 256 * 1024;

export interface AgentMessage {
  type: number;
  body: Buffer;
}

export function frame(type: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length + 1, 0);
  head[4] = type;
  return Buffer.concat([head, body]);
}

/** Collects stream chunks into whole messages. Throws on an oversized or empty frame. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): AgentMessage[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: AgentMessage[] = [];
    while (this.pending.length >= 4) {
      const len = this.pending.readUInt32BE(0);
      if (len === 0 || len > MAX_MESSAGE) throw new Error(`bad agent message length ${len}`);
      if (this.pending.length < 4 + len) break;
      out.push({ type: this.pending[4]!, body: this.pending.subarray(5, 4 + len) });
      this.pending = this.pending.subarray(4 + len);
    }
    return out;
  }
}
