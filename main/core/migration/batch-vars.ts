/**
 * The variables a batch file sets for itself, expanded before its plink line is read, so that
 *   set PLINK="C:\Program Files\PuTTY\plink.exe"
 *   set KEY=%~dp0keys\rescale.ppk
 *   %PLINK% -i "%KEY%" rescale@proxy -R 4085:licsrv:4085 -N
 * gives the same profile as the line written out. Only what the script itself says is used:
 * `set NAME=value` and `set "NAME=value"` (not /a or /p, whose values are computed or typed in),
 * and `%~dp0`, the folder of the script (with its trailing backslash), when its path is known.
 * Variables from the environment (%USERPROFILE%, %ProgramFiles%) are left as written: they are
 * the values of the account that runs the script, which this scan may not be; the importer
 * flags them so the admin checks the value.
 * Lines are read in order, as cmd would for a script without blocks; `%%` (a for-loop variable
 * or a literal percent) is kept.
 */
const SET = /^\s*@?set\s+(?!\/)(?:"([^=]+)=(.*)"[^"]*|([^\s=][^=]*)=(.*))$/i;

export function expandBatchVariables(text: string, scriptPath?: string): string {
  const vars = new Map<string, string>();
  const folder = scriptPath ? scriptPath.replace(/[^\\/]*$/, '') : undefined;
  const expand = (line: string): string =>
    line.replace(/%%|%~dp0|%([A-Za-z_][A-Za-z0-9_#$.-]*)%/gi, (whole, name?: string) => {
      if (whole === '%%') return whole;
      if (whole.toLowerCase() === '%~dp0') return folder ?? whole;
      return vars.get((name ?? '').toLowerCase()) ?? whole;
    });
  return text
    .split('\n')
    .map((line) => {
      const expanded = expand(line);
      const m = SET.exec(expanded);
      if (m) {
        const name = (m[1] ?? m[3] ?? '').trim().toLowerCase();
        const value = (m[1] !== undefined ? m[2] : m[4]) ?? '';
        if (name) vars.set(name, value.replace(/\s+$/, ''));
      }
      return expanded;
    })
    .join('\n');
}
