import type { ImportSource } from './types';

/**
 * `--from auto`: which kind of input this is, from its content (never its file name). Each
 * meaningful line votes by its first word; a registry header or a plink/ssh invocation decides
 * at once. Undefined when nothing is recognisable.
 */
const FLEXLM = /^(SERVER|VENDOR|DAEMON|FEATURE|INCREMENT|USE_SERVER|PACKAGE|UPGRADE)$/;
const RLM = /^(HOST|ISV|LICENSE|RLM_ROAM|_HOST)$/;
const SSH_CONFIG = new Set(
  [
    'host match hostname user port identityfile identityagent identitiesonly localforward',
    'remoteforward dynamicforward proxyjump proxycommand serveraliveinterval serveralivecountmax',
    'exitonforwardfailure stricthostkeychecking userknownhostsfile forwardagent include',
    'compression loglevel batchmode gatewayports connecttimeout addkeystoagent controlmaster',
    'controlpath controlpersist pubkeyauthentication preferredauthentications tcpkeepalive',
  ]
    .join(' ')
    .split(' '),
);

export function detectSource(text: string): ImportSource | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !/^@?(rem\b|::)/i.test(l));
  if (/^(Windows Registry Editor Version|REGEDIT4)/.test(lines[0] ?? '')) return 'putty-reg';
  const votes = { flexlm: 0, rlm: 0, 'ssh-config': 0 };
  for (const line of lines) {
    const word = /^[A-Za-z_]+/.exec(line)?.[0] ?? '';
    if (FLEXLM.test(word)) votes.flexlm++;
    else if (RLM.test(word) && (word !== 'HOST' || line.split(/\s+/).length >= 3)) votes.rlm++;
    if (SSH_CONFIG.has(word.toLowerCase())) votes['ssh-config']++;
  }
  // "HOST a b c" is valid in both RLM and ssh_config; ISV/LICENSE lines decide for RLM.
  if (lines.some((l) => /^(ISV|LICENSE)\s/.test(l))) votes['ssh-config'] = 0;
  const config = votes['ssh-config'] > 0 && lines.some((l) => /^(host|match)\b/i.test(l));
  const command = lines.find((l) =>
    /(^|[\s"'\\/;&(@])(plink|ssh|autossh)(\.exe)?("?)(\s|$)/i.test(l),
  );
  if (command && !config)
    return /(^|[\s"'\\/])plink(\.exe)?"?(\s|$)/i.test(command) ? 'plink' : 'ssh';
  const best = (Object.entries(votes) as [ImportSource, number][]).sort((a, b) => b[1] - a[1])[0];
  if (best && best[1] > 0 && (best[0] !== 'ssh-config' || config)) return best[0];
  // A bare argument list: plink's own words give it away.
  const first = lines[0] ?? '';
  if (lines.length === 1 && /(^|\s)-(ssh|batch|pw|hostkey|noagent)(\s|$)/.test(first))
    return 'plink';
  if (lines.length === 1 && /(^|\s)-[LRD]\s/.test(first)) return 'ssh';
  return undefined;
}
