import { bracket, formatListen } from '../forward-spec';
import { formatJumpSpec } from '../jumps';
import type { Profile } from '../../config/profile';
import { commonNotes } from './common';
import { oneLine, quoteConfig } from './quote';
import { sshOptions } from './ssh';
import type { ExportResult } from './types';

/** An ssh_config Host block named after the profile id: `ssh -N <id>` runs the tunnel. */
const KEYWORD = {
  local: 'LocalForward',
  remote: 'RemoteForward',
  dynamic: 'DynamicForward',
} as const;

export function exportSshConfig(profile: Profile): ExportResult {
  const notes: string[] = [];
  const lines = [
    `# Tunnelkeeper profile: ${oneLine(profile.name)}`,
    `# run with: ssh -N ${profile.id}`,
    `Host ${profile.id}`,
  ];
  const add = (k: string, v: string) => lines.push(`  ${k} ${quoteConfig(v)}`);
  add('HostName', profile.host);
  add('User', profile.user);
  if (profile.port !== 22) add('Port', String(profile.port));
  if (profile.auth.keyFile) add('IdentityFile', profile.auth.keyFile);
  if (profile.jumps?.length) add('ProxyJump', profile.jumps.map(formatJumpSpec).join(','));
  for (const [k, v] of sshOptions(profile, notes)) add(k, v);
  if (profile.verbose) add('LogLevel', 'DEBUG1');
  for (const f of profile.forwards) {
    const target = f.type === 'dynamic' ? '' : ` ${bracket(f.targetHost)}:${f.targetPort}`;
    lines.push(`  ${KEYWORD[f.type]} ${formatListen(f)}${target}`);
  }
  notes.push(...commonNotes(profile, 'ssh'));
  return { text: `${lines.join('\n')}\n`, notes };
}
