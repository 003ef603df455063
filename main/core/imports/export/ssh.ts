import { formatForwardSpec } from '../forward-spec';
import { formatJumpSpec } from '../jumps';
import { ALGORITHM_CATEGORIES, ALGORITHM_TABLE } from '../../config/algorithms';
import type { Profile } from '../../config/profile';
import { sshChain } from './chain';
import { commonNotes } from './common';
import { oneLine, quoteSh } from './quote';
import type { ExportResult } from './types';

/**
 * The OpenSSH equivalent: keepalive as ServerAlive*, ExitOnForwardFailure so a forward that
 * cannot listen is not silent, BatchMode so an unattended run never hangs on a prompt.
 */
const FLAG = { local: '-L', remote: '-R', dynamic: '-D' } as const;

/** Options shared with the ssh_config writer, as [keyword, value]. */
export function sshOptions(profile: Profile, notes: string[]): [string, string][] {
  const interval = Math.max(1, Math.round(profile.keepalive.intervalSeconds));
  if (interval !== profile.keepalive.intervalSeconds)
    notes.push(
      `ServerAliveInterval takes whole seconds: ${profile.keepalive.intervalSeconds} s was written as ${interval}`,
    );
  const options: [string, string][] = [
    ['ServerAliveInterval', String(interval)],
    ['ServerAliveCountMax', String(profile.keepalive.countMax)],
    ['ExitOnForwardFailure', 'yes'],
    ['StrictHostKeyChecking', profile.hostKey.policy === 'accept-new' ? 'accept-new' : 'yes'],
  ];
  if (profile.hostKey.knownHostsFile)
    options.push(['UserKnownHostsFile', profile.hostKey.knownHostsFile]);
  if (!profile.auth.agent) options.push(['IdentityAgent', 'none']);
  else if (profile.auth.agentSocket) options.push(['IdentityAgent', profile.auth.agentSocket]);
  if (profile.auth.keyFile && /\.ppk$/i.test(profile.auth.keyFile))
    notes.push(
      `OpenSSH cannot read PuTTY keys: convert it first (tunnelkeeper keys convert "${profile.auth.keyFile}" --to openssh -o <new file>) and point IdentityFile/-i at the new file`,
    );
  if (profile.hostKey.pinned.length)
    notes.push(
      `the pinned host keys (${profile.hostKey.pinned.join(', ')}) are not expressed: ssh checks known_hosts, so put the key there`,
    );
  for (const category of ALGORITHM_CATEGORIES) {
    const spec = profile.algorithms?.[category];
    if (spec) options.push([ALGORITHM_TABLE[category].option, spec]);
  }
  if (profile.jumps?.some((j) => j.algorithms))
    notes.push(
      'the jump hosts’ algorithm lists are not expressed: add them to a Host block for each jump host',
    );
  const chain = sshChain(profile, notes);
  if (chain.proxyCommand) options.push(['ProxyCommand', chain.proxyCommand]);
  return options;
}

export function exportSsh(profile: Profile): ExportResult {
  const notes: string[] = [];
  const args = ['ssh'];
  if (profile.port !== 22) args.push('-p', String(profile.port));
  if (profile.auth.keyFile) args.push('-i', profile.auth.keyFile);
  for (const [k, v] of sshOptions(profile, notes)) args.push('-o', `${k}=${v}`);
  args.push('-o', 'BatchMode=yes');
  if (profile.jumps?.length) args.push('-J', profile.jumps.map(formatJumpSpec).join(','));
  args.push(`${profile.user}@${profile.host}`);
  for (const f of profile.forwards) args.push(FLAG[f.type], formatForwardSpec(f));
  if (profile.verbose) args.push('-v');
  args.push('-N');
  notes.push(...commonNotes(profile, 'ssh'));
  return {
    text: `# Tunnelkeeper profile: ${oneLine(profile.name)}\n${args.map(quoteSh).join(' ')}\n`,
    notes,
  };
}
