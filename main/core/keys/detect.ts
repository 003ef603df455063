import { isOpenSsh } from './openssh';
import { isOpenSshPublic } from './openssh-public';
import { isPkcs8 } from './pkcs8';
import { isTraditionalPem } from './pem';
import { isPpk } from './ppk';
import { isRfc4716 } from './rfc4716';
import { isSshCom } from './sshcom';

export type DetectedKind =
  | 'ppk'
  | 'openssh'
  | 'pem'
  | 'pkcs8'
  | 'sshcom'
  | 'openssh-public'
  | 'rfc4716-public'
  | 'ssh1'
  | 'public-pem'
  | 'unknown';

/** Decides the format from the content alone: file names and extensions lie. */
export function detectKind(text: string): DetectedKind {
  const head = text.trimStart();
  if (isPpk(head)) return 'ppk';
  if (head.startsWith('SSH PRIVATE KEY FILE FORMAT 1.1')) return 'ssh1';
  if (isOpenSsh(text)) return 'openssh';
  if (isTraditionalPem(text)) return 'pem';
  if (isPkcs8(text)) return 'pkcs8';
  if (isSshCom(text)) return 'sshcom';
  if (isRfc4716(text)) return 'rfc4716-public';
  if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) return 'public-pem';
  if (isOpenSshPublic(head)) return 'openssh-public';
  return 'unknown';
}
