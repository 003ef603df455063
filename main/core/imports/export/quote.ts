/**
 * Quoting for the command lines `export` writes: cmd.exe + the C runtime's argv rules for plink,
 * POSIX sh for ssh. Plain words stay unquoted so the output reads like what admins type.
 */
export function quoteCmd(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./\\[\]-]+$/.test(arg)) return arg;
  // Inside quotes, backslashes only matter before a quote: double those at the end.
  return `"${arg.replace(/(\\*)$/, '$1$1')}"`;
}

export function quoteSh(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./[\]-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** ssh_config values: double quotes when they hold spaces. */
export function quoteConfig(arg: string): string {
  return /[\s"]/.test(arg) ? `"${arg}"` : arg;
}

/** A profile name as one comment line (the importers read it back). */
export function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}
