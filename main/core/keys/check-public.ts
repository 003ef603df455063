/**
 * The paste checker: what an admin is about to submit to a provider's "add SSH key" form, checked
 * for the ways such pastes go wrong (Notepad eating characters, wrapped lines, RFC 4716 blocks,
 * PowerShell's UTF-16, the private key instead of the public one).
 */
import { KeyError } from './errors';
import { sha256Fingerprint } from './fingerprint';
import { isKeyType, parsePublicBlob, type KeyType, type PublicKey } from './model';
import { writeOpenSshPublic } from './openssh-public';
import { readKey } from './read';
import { readRfc4716 } from './rfc4716';
import { decodeKeyText } from './text';

export type PublicKeyProblem =
  | 'truncated'
  | 'not-a-public-key'
  | 'private-key-pasted'
  | 'line-breaks'
  | 'rfc4716-block'
  | 'utf16'
  | 'leading-characters-lost'
  | 'invalid-characters'
  | 'type-mismatch'
  | 'empty';

export interface PublicKeyCheck {
  ok: boolean;
  keyType: KeyType | null;
  fingerprint: string | null;
  problem: PublicKeyProblem | null;
  /** One sentence for the admin. */
  message: string;
  /** The corrected one-line form when we can rebuild it, else null. */
  suggestion: string | null;
  comment: string | null;
}

const TYPES: KeyType[] = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-dss',
  'ssh-ed448',
];

/** How each type's blob begins in base64 (the encoded length-prefixed type name). */
function base64Prefix(type: KeyType): string {
  const name = Buffer.from(type);
  const head = Buffer.concat([Buffer.alloc(4), name]);
  head.writeUInt32BE(name.length, 0);
  const usable = head.length - (head.length % 3);
  return head.subarray(0, usable).toString('base64');
}

function result(
  problem: PublicKeyProblem | null,
  message: string,
  key?: PublicKey,
  suggest = problem !== null,
): PublicKeyCheck {
  return {
    ok: problem === null,
    keyType: key?.type ?? null,
    fingerprint: key ? sha256Fingerprint(key.blob) : null,
    problem,
    message,
    suggestion: key && suggest ? writeOpenSshPublic(key).trim() : null,
    comment: key ? key.comment : null,
  };
}

function tryBlob(b64: string): {
  key?: Omit<PublicKey, 'comment'>;
  error?: 'truncated' | 'invalid';
} {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { error: 'invalid' };
  const blob = Buffer.from(b64, 'base64');
  try {
    const { type } = parsePublicBlob(blob);
    return { key: { type, blob } };
  } catch (error) {
    if (error instanceof KeyError && /truncated|wrong length|malformed/.test(error.message)) {
      return { error: 'truncated' };
    }
    return { error: 'invalid' };
  }
}

export async function checkPublicKey(input: string | Buffer): Promise<PublicKeyCheck> {
  const { text: decoded, utf16 } = decodeKeyText(input);
  // Text that went through a UTF-16 file and back as bytes shows NULs between the letters.
  const nulSpaced = /^(?:[^\0]\0){4,}/.test(decoded);
  const text = (nulSpaced ? decoded.replace(/\0/g, '') : decoded).trim();
  if (utf16 || nulSpaced) {
    const inner = await checkPublicKey(text);
    if (!inner.keyType) return inner;
    return {
      ...inner,
      ok: false,
      problem: 'utf16',
      message:
        'the file is UTF-16 text (what Windows PowerShell writes with ">"); providers expect plain ASCII: paste the suggested line or save the file as UTF-8',
      suggestion: inner.ok ? (text.split('\n')[0] ?? '').trim() : inner.suggestion,
    };
  }
  if (text === '') return result('empty', 'nothing was pasted');

  if (/PRIVATE KEY|PuTTY-User-Key-File|Private-Lines:/.test(text)) {
    let key: PublicKey | undefined;
    try {
      key = (
        await readKey(text, { kdfLimits: { maxMemoryKiB: 0, maxPasses: 0, maxParallelism: 0 } })
      ).public;
    } catch {
      key = undefined;
    }
    return result(
      'private-key-pasted',
      key
        ? 'this is a PRIVATE key: never paste it into a form. Its public half is the suggested line'
        : 'this is a PRIVATE key: never paste it into a form; paste the public key (.pub) instead',
      key,
    );
  }

  if (text.includes('---- BEGIN SSH2 PUBLIC KEY ----')) {
    try {
      const key = readRfc4716(text);
      return result(
        'rfc4716-block',
        'this is an RFC 4716 (SSH2) block; authorized_keys and most provider forms need the one-line OpenSSH form (suggested)',
        key,
      );
    } catch (error) {
      const truncated = error instanceof KeyError && /truncated|length/.test(error.message);
      return result(
        truncated ? 'truncated' : 'not-a-public-key',
        truncated
          ? 'this RFC 4716 block is incomplete: copy it again, from BEGIN to END'
          : 'this RFC 4716 block does not hold a valid public key',
      );
    }
  }

  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const joined = lines.length > 1 ? lines.join('') : text;
  const tokens = (lines.length > 1 ? lines.join(' ') : text).split(/\s+/);
  const typeAt = tokens.findIndex((t) => isKeyType(t));

  if (typeAt >= 0) {
    const type = tokens[typeAt] as KeyType;
    if (lines.length > 1) {
      // Rejoin the wrapped base64 without the breaks; the comment (if any) stays on its own.
      const rest = text.slice(text.indexOf(type) + type.length).trim();
      const [first, ...more] = rest.split('\n').map((l) => l.trim());
      let b64 = first?.split(/\s+/)[0] ?? '';
      let comment = first?.split(/\s+/).slice(1).join(' ') ?? '';
      for (const l of more) {
        if (!comment && /^[A-Za-z0-9+/=]+$/.test(l)) b64 += l;
        else if (!comment) {
          const [a, ...b] = l.split(/\s+/);
          if (/^[A-Za-z0-9+/=]+$/.test(a ?? '')) b64 += a;
          comment = b.join(' ');
        }
      }
      const fixed = tryBlob(b64);
      if (fixed.key) {
        return result(
          'line-breaks',
          'the key is split over several lines; it must be one line (suggested)',
          { ...fixed.key, comment },
        );
      }
    }
    const b64 = tokens[typeAt + 1] ?? '';
    const comment = tokens.slice(typeAt + 2).join(' ');
    const parsed = tryBlob(b64);
    if (parsed.key) {
      const key = { ...parsed.key, comment };
      if (parsed.key.type !== type) {
        return result(
          'type-mismatch',
          `the line says ${type} but the key data is ${parsed.key.type}`,
          key,
        );
      }
      return result(null, `valid ${type} public key`, key, false);
    }
    if (parsed.error === 'truncated' || b64.length < 20) {
      return result(
        'truncated',
        'the key is cut short: characters are missing at its end; copy the whole line again',
      );
    }
    return result(
      'invalid-characters',
      'the key contains characters that are not base64 (smart quotes, ellipsis, spaces?); copy it again from the .pub file',
    );
  }

  // No key type word: maybe the start of the line was lost when selecting or pasting.
  const first = tokens[0] ?? '';
  const partialType = TYPES.find((t) => t !== first && t.endsWith(first) && first.length >= 2);
  if (partialType) {
    const parsed = tryBlob(tokens[1] ?? '');
    return result(
      'leading-characters-lost',
      `the start of the line is missing ("${partialType.slice(0, partialType.length - first.length)}" of ${partialType}); the line must begin with the key type`,
      parsed.key ? { ...parsed.key, comment: tokens.slice(2).join(' ') } : undefined,
    );
  }
  const b64 = first;
  const whole = tryBlob(joined.split(/\s+/)[0] ?? '');
  if (whole.key) {
    return result(
      'leading-characters-lost',
      `the key type word (${whole.key.type}) is missing at the start of the line`,
      { ...whole.key, comment: tokens.slice(1).join(' ') },
    );
  }
  for (const type of TYPES) {
    const prefix = base64Prefix(type);
    for (let lost = 1; lost < prefix.length; lost++) {
      if (b64.length > 8 && b64.startsWith(prefix.slice(lost, lost + 8))) {
        const repaired = tryBlob(prefix.slice(0, lost) + b64);
        return result(
          'leading-characters-lost',
          `the start of the key is missing (type and ${lost} base64 character${lost > 1 ? 's' : ''}); copy the whole line again`,
          repaired.key ? { ...repaired.key, comment: tokens.slice(1).join(' ') } : undefined,
        );
      }
    }
  }
  return result(
    'not-a-public-key',
    'this is not an OpenSSH public key (expected "ssh-ed25519 AAAA… comment")',
  );
}
