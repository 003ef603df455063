/**
 * A client for any OpenSSH-protocol agent: a Unix socket (SSH_AUTH_SOCK, our served agent) or a
 * Windows named pipe (OpenSSH's `openssh-ssh-agent`, Pageant ≥ 0.75) — Node's net module opens
 * both. One connection per request keeps it simple and robust against agent restarts.
 */
import net from 'node:net';
import { sha256Fingerprint } from '../../keys/fingerprint';
import type { PrivateKey } from '../../keys/model';
import { SshReader, SshWriter } from '../../keys/sshbuf';
import { encodeAgentKey } from './key-wire';
import { CONSTRAINT, frame, FrameDecoder, MSG, type AgentMessage } from './wire';

export interface AgentIdentity {
  blob: Buffer;
  comment: string;
  keyType: string;
  fingerprint: string;
}

export class AgentClientError extends Error {
  constructor(
    readonly code: 'unreachable' | 'refused' | 'timeout' | 'protocol',
    message: string,
  ) {
    super(message);
    this.name = 'AgentClientError';
  }
}

export class AgentClient {
  constructor(
    readonly socket: string,
    private readonly timeoutMs = 5_000,
  ) {}

  request(type: number, body?: Buffer): Promise<AgentMessage> {
    return new Promise((resolve, reject) => {
      const conn = net.connect(this.socket);
      const decoder = new FrameDecoder();
      let settled = false;
      const finish = (error: Error | undefined, msg?: AgentMessage) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        conn.destroy();
        if (error) reject(error);
        else resolve(msg!);
      };
      const timer = setTimeout(
        () => finish(new AgentClientError('timeout', `SSH agent at ${this.socket} did not answer`)),
        this.timeoutMs,
      );
      conn.once('connect', () => conn.write(frame(type, body)));
      conn.on('data', (chunk: Buffer) => {
        try {
          const [msg] = decoder.push(chunk);
          if (msg) finish(undefined, msg);
        } catch (error) {
          finish(new AgentClientError('protocol', (error as Error).message));
        }
      });
      conn.once('error', (error) =>
        finish(
          new AgentClientError(
            'unreachable',
            `cannot reach the SSH agent at ${this.socket}: ${error.message}`,
          ),
        ),
      );
      conn.once('close', () =>
        finish(
          new AgentClientError('protocol', `the SSH agent at ${this.socket} closed the connection`),
        ),
      );
    });
  }

  private async expectSuccess(type: number, body: Buffer | undefined, what: string): Promise<void> {
    const reply = await this.request(type, body);
    if (reply.type !== MSG.SUCCESS)
      throw new AgentClientError('refused', `the agent refused to ${what}`);
  }

  async list(): Promise<AgentIdentity[]> {
    const reply = await this.request(MSG.REQUEST_IDENTITIES);
    if (reply.type !== MSG.IDENTITIES_ANSWER)
      throw new AgentClientError('refused', 'the agent refused to list its keys');
    const r = new SshReader(reply.body, 'agent answer');
    const count = r.uint32();
    const out: AgentIdentity[] = [];
    for (let i = 0; i < count; i++) {
      const blob = Buffer.from(r.string());
      const comment = r.text();
      const keyType = blob.length >= 4 ? new SshReader(blob).text() : 'unknown';
      out.push({ blob, comment, keyType, fingerprint: sha256Fingerprint(blob) });
    }
    return out;
  }

  /** Returns the SSH signature (string algorithm ‖ string blob). */
  async sign(blob: Buffer, data: Buffer, flags = 0): Promise<Buffer> {
    const body = new SshWriter().string(blob).string(data).uint32(flags).toBuffer();
    const reply = await this.request(MSG.SIGN_REQUEST, body);
    if (reply.type !== MSG.SIGN_RESPONSE)
      throw new AgentClientError('refused', 'the agent refused to sign');
    return Buffer.from(new SshReader(reply.body).string());
  }

  add(key: PrivateKey, lifetimeSeconds?: number): Promise<void> {
    const keyPart = encodeAgentKey(key);
    if (!lifetimeSeconds) return this.expectSuccess(MSG.ADD_IDENTITY, keyPart, 'add the key');
    const constraint = new SshWriter()
      .raw(Buffer.from([CONSTRAINT.LIFETIME]))
      .uint32(lifetimeSeconds);
    return this.expectSuccess(
      MSG.ADD_ID_CONSTRAINED,
      Buffer.concat([keyPart, constraint.toBuffer()]),
      'add the key',
    );
  }

  remove(blob: Buffer): Promise<void> {
    return this.expectSuccess(
      MSG.REMOVE_IDENTITY,
      new SshWriter().string(blob).toBuffer(),
      'remove the key',
    );
  }

  removeAll(): Promise<void> {
    return this.expectSuccess(MSG.REMOVE_ALL_IDENTITIES, undefined, 'remove all keys');
  }
}
