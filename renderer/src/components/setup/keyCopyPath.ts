import { defaultOutputPath } from '../../lib/keyPaths';

/**
 * Where the unattended copy of an encrypted key goes: beside the original, in OpenSSH format
 * (`id_rsa.ppk` → `id_rsa`), or `…-tunnelkeeper` when that name is taken (main never writes
 * over a file, so the second try is the only one a second name needs).
 */
export function copyPaths(source: string): string[] {
  const first = defaultOutputPath(source, 'openssh');
  return [first, `${first.replace(/-openssh$/, '')}-tunnelkeeper`];
}
