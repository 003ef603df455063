import { BRIDGE_ERROR_CODES, type BridgeErrorCode } from './channels';

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
