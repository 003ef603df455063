/**
 * Answers agent protocol requests from the keyring: what `ssh`, `ssh-add`, git and scp send.
 * Anything we do not support (smartcards, confirm constraints, extensions such as
 * session-bind@openssh.com) gets SSH_AGENT_FAILURE, which every OpenSSH client tolerates.
 */
import { sha256Fingerprint as fingerprintOf } from '../../keys/fingerprint';
import { SshReader, SshWriter } from '../../keys/sshbuf';
import { decodeAgentKey } from './key-wire';
import type { Keyring } from './keyring';
import { CONSTRAINT, frame, MSG, type AgentMessage } from './wire';

export type AgentEvent =
  | { type: 'list' }
  | { type: 'sign'; fingerprint: string; ok: boolean }
  | { type: 'add'; fingerprint: string }
  | { type: 'remove'; ok: boolean }
  | { type: 'refused'; message: number; reason: string };

const failure = (): Buffer => frame(MSG.FAILURE);
const success = (): Buffer => frame(MSG.SUCCESS);

function readConstraints(r: SshReader): { lifetimeSeconds?: number } {
  const out: { lifetimeSeconds?: number } = {};
  while (r.remaining > 0) {
    const kind = r.bytes(1)[0];
    if (kind === CONSTRAINT.LIFETIME) out.lifetimeSeconds = r.uint32();
    // Confirmation needs a prompt on every use, which a headless agent cannot show: refuse the
    // key rather than silently dropping a constraint the user asked for.
    else throw new Error(`unsupported key constraint ${kind}`);
  }
  return out;
}

export function handleAgentMessage(
  keyring: Keyring,
  msg: AgentMessage,
  notify: (event: AgentEvent) => void = () => undefined,
): Buffer {
  const r = new SshReader(msg.body, 'agent request');
  try {
    switch (msg.type) {
      case MSG.REQUEST_IDENTITIES: {
        const ids = keyring.identities();
        const w = new SshWriter().uint32(ids.length);
        for (const id of ids) w.string(id.blob).string(id.comment);
        notify({ type: 'list' });
        return frame(MSG.IDENTITIES_ANSWER, w.toBuffer());
      }
      case MSG.SIGN_REQUEST: {
        const blob = r.string();
        const data = r.string();
        const flags = r.remaining >= 4 ? r.uint32() : 0;
        const sig = keyring.sign(blob, data, flags);
        notify({ type: 'sign', fingerprint: fingerprintOf(blob), ok: true });
        return frame(MSG.SIGN_RESPONSE, new SshWriter().string(sig).toBuffer());
      }
      case MSG.ADD_IDENTITY:
      case MSG.ADD_ID_CONSTRAINED: {
        const key = decodeAgentKey(r);
        const constraints = msg.type === MSG.ADD_ID_CONSTRAINED ? readConstraints(r) : {};
        const info = keyring.add(key, constraints);
        notify({ type: 'add', fingerprint: info.fingerprint });
        return success();
      }
      case MSG.REMOVE_IDENTITY: {
        const ok = keyring.remove(r.string());
        notify({ type: 'remove', ok });
        return ok ? success() : failure();
      }
      case MSG.REMOVE_ALL_IDENTITIES:
        keyring.removeAll();
        notify({ type: 'remove', ok: true });
        return success();
      case MSG.LOCK:
        return keyring.lock(r.text()) ? success() : failure();
      case MSG.UNLOCK:
        return keyring.unlock(r.text()) ? success() : failure();
      default:
        notify({ type: 'refused', message: msg.type, reason: 'unsupported request' });
        return failure();
    }
  } catch (error) {
    if (msg.type === MSG.SIGN_REQUEST) notify({ type: 'sign', fingerprint: '', ok: false });
    notify({ type: 'refused', message: msg.type, reason: (error as Error).message });
    return failure();
  }
}
