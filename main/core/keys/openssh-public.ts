import { KeyError } from './errors';
import { isKeyType, parsePublicBlob, type PublicKey } from './model';
import { decodeBase64 } from './text';

const LINE =
  /^(ssh-ed25519|ssh-ed448|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(?:256|384|521))[ \t]+([A-Za-z0-9+/=]+)(?:[ \t]+(.*))?$/;

export function isOpenSshPublic(text: string): boolean {
  return LINE.test(text.trim().split('\n')[0] ?? '');
}

/** One `type base64 comment` line, as in `.pub` files and authorized_keys. */
export function readOpenSshPublic(text: string): PublicKey {
  const line = text.trim().split('\n')[0] ?? '';
  const m = LINE.exec(line);
  if (!m) throw new KeyError('key-unreadable', 'not an OpenSSH public key line');
  const blob = decodeBase64(m[2]!, 'public key');
  const { type } = parsePublicBlob(blob);
  if (!isKeyType(m[1]!) || type !== m[1]) {
    throw new KeyError('corrupt', `public key line says ${m[1]} but its data is ${type}`);
  }
  return { type, blob, comment: (m[3] ?? '').trim() };
}

export function writeOpenSshPublic(key: PublicKey): string {
  const comment = key.comment.replace(/[\r\n]+/g, ' ').trim();
  return `${key.type} ${key.blob.toString('base64')}${comment ? ` ${comment}` : ''}\n`;
}
