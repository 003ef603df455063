/**
 * The text shown when a host key changed. It must make the admin stop and check out of band —
 * never click through — so it says exactly what to compare and where to get the true value.
 */
import { hostPattern } from '../known-hosts';

export interface HostKeyWarningInput {
  host: string;
  port: number;
  keyType: string;
  presented: string;
  expected: { keyType: string; fingerprint: string }[];
  pinned: boolean;
  revoked?: boolean;
}

const SERVER_KEY_FILE: Record<string, string> = {
  'ssh-ed25519': 'ssh_host_ed25519_key.pub',
  'ssh-rsa': 'ssh_host_rsa_key.pub',
  'ecdsa-sha2-nistp256': 'ssh_host_ecdsa_key.pub',
  'ecdsa-sha2-nistp384': 'ssh_host_ecdsa_key.pub',
  'ecdsa-sha2-nistp521': 'ssh_host_ecdsa_key.pub',
};

export function hostKeyChangedWarning(w: HostKeyWarningInput): string {
  const name = hostPattern(w.host, w.port);
  const keyFile = SERVER_KEY_FILE[w.keyType] ?? 'ssh_host_*_key.pub';
  const expected = w.expected.map(
    (e) => `${e.fingerprint}${e.keyType === 'pinned' ? ' (pinned)' : ` (${e.keyType})`}`,
  );
  return [
    w.revoked
      ? `SECURITY WARNING: ${name} presented a host key that has been REVOKED.`
      : `SECURITY WARNING: the host key of ${name} has CHANGED.`,
    `Presented: ${w.presented} (${w.keyType})`,
    `Expected:  ${expected.join(', ') || '(none)'}`,
    'Someone may be intercepting this connection (man-in-the-middle), or the server was reinstalled',
    'or its keys replaced. The tunnel is stopped and will not retry.',
    'Verify out of band before trusting anything: ask the server administrator, by phone or at the',
    `server's console (not over this network), to run \`ssh-keygen -lf /etc/ssh/${keyFile}\``,
    '(Windows OpenSSH: C:\\ProgramData\\ssh\\) and read you the SHA256 fingerprint.',
    `Only if it equals ${w.presented}: \`tunnelkeeper hostkeys forget ${name}\`, then trust it again` +
      (w.pinned ? ' and update the pinned fingerprint in the profile.' : '.'),
  ].join('\n');
}
