import type { Profile } from '../../config/profile';
import { formatJumpSpec, formatProxyCommand } from '../jumps';

/**
 * Jump hosts and the proxy as the OpenSSH tools write them: `-J`/ProxyJump for the hops,
 * ProxyCommand with OpenBSD nc for an HTTP/SOCKS proxy. OpenSSH takes either ProxyJump or
 * ProxyCommand, and -J has no per-hop settings: what it cannot say goes into the notes.
 */
export interface SshChain {
  jump?: string;
  proxyCommand?: string;
}

export function sshChain(profile: Profile, notes: string[]): SshChain {
  const jumps = profile.jumps ?? [];
  const out: SshChain = {};
  if (jumps.length) out.jump = jumps.map(formatJumpSpec).join(',');
  if (profile.proxy) {
    if (jumps.length)
      notes.push(
        `the ${profile.proxy.type} proxy before the first jump host is not expressed: ssh takes ProxyJump or ProxyCommand, not both (give the jump host its own Host block with the ProxyCommand)`,
      );
    else out.proxyCommand = formatProxyCommand(profile.proxy);
    if (profile.proxy.passwordRef)
      notes.push(
        'the proxy password is not expressed: nc cannot send one; the proxy must allow the connection without it',
      );
    if (profile.proxy.type === 'socks4a' && !jumps.length)
      notes.push(
        'nc -X 4 speaks SOCKS4: the proxy must accept the host name (SOCKS4a) or resolve it yourself',
      );
  }
  jumps.forEach((hop, i) => {
    const name = `jump host ${i + 1} (${formatJumpSpec(hop)})`;
    if (hop.auth.keyFile !== profile.auth.keyFile || hop.auth.agent !== profile.auth.agent)
      notes.push(
        `${name}: its own key file / agent setting is not expressed: -J uses the same identities as the connection`,
      );
    if (hop.hostKey.pinned.length)
      notes.push(
        `${name}: the pinned host keys (${hop.hostKey.pinned.join(', ')}) are not expressed: put the key in known_hosts`,
      );
    if (
      hop.keepalive.intervalSeconds !== profile.keepalive.intervalSeconds ||
      hop.keepalive.countMax !== profile.keepalive.countMax
    )
      notes.push(
        `${name}: its own keepalive is not expressed: ssh applies the connection's ServerAlive* options`,
      );
  });
  return out;
}

/** plink has no jump-host or proxy option on its command line (up to 0.83): say what to do. */
export function plinkChainNotes(profile: Profile): string[] {
  const notes: string[] = [];
  const jumps = profile.jumps ?? [];
  if (jumps.length) {
    const first = jumps[0]!;
    notes.push(
      `the jump host${jumps.length > 1 ? 's' : ''} (${jumps.map(formatJumpSpec).join(', ')}) ${jumps.length > 1 ? 'are' : 'is'} not expressed: plink has no -J option; use a saved PuTTY session with Connection > Proxy type "SSH", or add -proxycmd "plink.exe -ssh ${first.port !== 22 ? `-P ${first.port} ` : ''}${first.user}@${first.host.replace(/^\[|\]$/g, '')} -nc %host:%port" by hand`,
    );
  }
  if (profile.proxy)
    notes.push(
      `the ${profile.proxy.type} proxy ${profile.proxy.host}:${profile.proxy.port} is not expressed: plink has no command-line proxy option; set it in a saved PuTTY session (Connection > Proxy) and run plink -load "<session>"`,
    );
  return notes;
}
