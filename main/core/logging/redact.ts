/**
 * Scrubs secrets from log text: known secret values (passphrases, passwords registered by the
 * caller), private key blocks, and `password=`/`passphrase:` style assignments.
 */
const KEY_BLOCK =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;
const PPK_PRIVATE = /(Private-Lines:\s*\d+)[\s\S]*?(Private-MAC:|$)/g;
const ASSIGNMENT = /\b(pass(?:word|phrase|wd)?|pw|secret|token)(\s*[=:]\s*)("[^"]*"|\S+)/gi;

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(KEY_BLOCK, '[private key redacted]')
    .replace(PPK_PRIVATE, '$1 [redacted] $2')
    .replace(ASSIGNMENT, '$1$2***');
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join('***');
  }
  return out;
}
