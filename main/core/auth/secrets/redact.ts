/** Replaces every occurrence of a secret in text meant for logs, events or error messages. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret containing another is not left half-visible.
  for (const secret of [...secrets]
    .filter((s) => s.length >= 1)
    .sort((a, b) => b.length - a.length))
    out = out.split(secret).join('[redacted]');
  return out;
}

/** Wraps a logger so nothing it writes can contain one of `secrets`. */
export function redactingLogger(
  log: (line: string) => void,
  secrets: readonly string[],
): (line: string) => void {
  return (line) => log(redactSecrets(line, secrets));
}
