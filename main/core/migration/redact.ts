/**
 * Command lines found on the machine are shown to the admin (in the app and in `--json`): a
 * password given with `-pw` (plink, putty) must never be among them. The value is replaced,
 * quoted or not; everything else is kept as written. The importer itself never reads a -pw value
 * into a profile (main/core/imports/command-line.ts).
 */
const PW = /(^|[\s"])(-pw)(\s+)("(?:[^"\\]|\\.)*"?|[^\s"]+)/gi;

export function redactSecrets(command: string): string {
  return command.replace(PW, '$1$2$3***');
}
