import type { SshdHandle } from './sshd';

/** Kills the sshd listener and every session it forked, like a server crash or reboot. */
export function killServerHard(sshd: SshdHandle): Promise<void> {
  return sshd.kill();
}
