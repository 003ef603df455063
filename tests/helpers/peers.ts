import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * The real programs the tests talk to. A missing one fails the run with the package to install:
 * a test that silently skips its peer proves nothing (and in CI must never pass).
 */
const PEERS = {
  sshd: { package: 'openssh-server', candidates: ['/usr/sbin/sshd'] },
  ssh: { package: 'openssh-client', candidates: ['/usr/bin/ssh'] },
  'ssh-keygen': { package: 'openssh-client', candidates: ['/usr/bin/ssh-keygen'] },
  'ssh-add': { package: 'openssh-client', candidates: ['/usr/bin/ssh-add'] },
  puttygen: { package: 'putty-tools', candidates: ['/usr/bin/puttygen'] },
  plink: { package: 'putty-tools', candidates: ['/usr/bin/plink'] },
  chromium: { package: 'chromium', candidates: ['/usr/bin/chromium'] },
  'systemd-analyze': { package: 'systemd', candidates: ['/usr/bin/systemd-analyze'] },
  promtool: { package: 'prometheus', candidates: ['/usr/bin/promtool'] },
} as const;

export type PeerName = keyof typeof PEERS;

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export function locatePeer(name: PeerName): string | undefined {
  for (const candidate of PEERS[name].candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return findOnPath(name);
}

/** The peer's path, or an error naming the Debian package that provides it. */
export function requirePeer(name: PeerName): string {
  const found = locatePeer(name);
  if (found) return found;
  throw new Error(
    `test peer "${name}" is missing: install it with \`apt-get install -y ${PEERS[name].package}\`` +
      ' (.ci/run does this; tests never skip a missing peer)',
  );
}
