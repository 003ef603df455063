/**
 * Errors cross the bridge as these codes only, never as messages or stack traces. Plain
 * constants, so the sandboxed preload can recognise them without bundling a dependency. The key
 * codes are the key toolkit's (`main/core/keys/errors.ts`); the preload rethrows every code as
 * `new Error(code)` and the renderer translates each one.
 */
export const BRIDGE_ERROR_CODES = [
  'bad-sender',
  'bad-payload',
  'internal',
  'not-found',
  /** The tunnel already runs, here or in another Tunnelkeeper process (the CLI): one at a time. */
  'already-running',
  'unavailable',
  'url-not-allowed',
  'invalid-config',
  'encryption-unavailable',
  /** A key would overwrite an existing file: the user picks another name. */
  'file-exists',
  /** Nothing importable in the text, or a format that cannot be recognised. */
  'import-failed',
  'key-unreadable',
  'key-locked',
  'wrong-passphrase',
  'corrupt',
  'unsupported',
  /** The user cancelled the administrator prompt (UAC, polkit, macOS): nothing was changed. */
  'cancelled',
  /** Installing or removing the engine's boot service failed (the detail is in main's log). */
  'boot-failed',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/**
 * Electron rejects with "Error invoking remote method 'x': Error: <code>"; the renderer gets
 * `Error(<code>)` so it can translate it, and never a message it could show raw.
 */
export function bridgeErrorCode(error: unknown): BridgeErrorCode {
  const message = error instanceof Error ? error.message : String(error);
  const code = message.slice(message.lastIndexOf(' ') + 1);
  return (BRIDGE_ERROR_CODES as readonly string[]).includes(code)
    ? (code as BridgeErrorCode)
    : 'internal';
}
