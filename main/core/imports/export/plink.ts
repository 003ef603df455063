import { formatForwardSpec } from '../forward-spec';
import type { Profile } from '../../config/profile';
import { plinkChainNotes } from './chain';
import { commonNotes } from './common';
import { oneLine, quoteCmd } from './quote';
import type { ExportResult } from './types';

/**
 * The plink equivalent, as a provider's batch script writes it:
 * `plink.exe -ssh -i key user@host -R … -v -N -batch`, host keys pinned with `-hostkey`.
 */
const FLAG = { local: '-L', remote: '-R', dynamic: '-D' } as const;

export function exportPlink(profile: Profile): ExportResult {
  const args = ['plink.exe', '-ssh'];
  if (profile.port !== 22) args.push('-P', String(profile.port));
  if (profile.auth.keyFile) args.push('-i', profile.auth.keyFile);
  if (!profile.auth.agent) args.push('-noagent');
  for (const pin of profile.hostKey.pinned) args.push('-hostkey', pin);
  args.push(`${profile.user}@${profile.host}`);
  for (const f of profile.forwards) args.push(FLAG[f.type], formatForwardSpec(f));
  if (profile.verbose) args.push('-v');
  args.push('-N', '-batch');
  const notes = [
    `keepalive (every ${profile.keepalive.intervalSeconds} s, ${profile.keepalive.countMax} misses) is not expressed: plink has no command-line option for it (PuTTY keeps it in a saved session)`,
  ];
  if (profile.auth.keyFile && !/\.ppk$/i.test(profile.auth.keyFile))
    notes.push(
      `plink reads only PuTTY (.ppk) keys: if ${profile.auth.keyFile} is not one, convert it (tunnelkeeper keys convert "${profile.auth.keyFile}" --to ppk3 -o <new file>.ppk)`,
    );
  if (profile.hostKey.knownHostsFile)
    notes.push('the known_hosts file is not expressed: plink keeps host keys in the registry');
  if (profile.hostKey.policy === 'accept-new' && profile.hostKey.pinned.length === 0)
    notes.push(
      'accept-new is not expressed: plink -batch refuses an unknown host key; pin it with -hostkey or run plink once interactively',
    );
  if (profile.auth.agentSocket)
    notes.push('the agent socket is not expressed: plink only talks to Pageant');
  if (profile.algorithms && Object.keys(profile.algorithms).length)
    notes.push(
      `the algorithm lists (${Object.entries(profile.algorithms)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          '; ',
        )}) are not expressed: plink takes them only from a saved PuTTY session (Connection > SSH > Kex / Cipher)`,
    );
  if ([...args].some((a) => a.includes('"')))
    notes.push('a value contains a double quote, which cmd.exe cannot pass reliably');
  notes.push(...plinkChainNotes(profile));
  notes.push(...commonNotes(profile, 'plink'));
  const text = `REM Tunnelkeeper profile: ${oneLine(profile.name)}\r\n${args.map(quoteCmd).join(' ')}\r\n`;
  return { text, notes };
}
