import { BRIDGE_ERROR_CODES, type BridgeErrorCode } from '../../contract/bridge-errors';

/**
 * A failure the renderer is allowed to learn about, as a code. The shell's services and the
 * port adapters throw it; anything else crosses the bridge as `internal`.
 */
export class CodedError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/**
 * The code an error crosses the bridge as. Core errors that carry one of our codes (the key
 * toolkit's KeyError) keep it; a ConfigError is `invalid-config`, the tunnel lock's
 * LockHeldError `already-running`; the rest is `internal`.
 */
export function errorCode(error: unknown): BridgeErrorCode {
  if (error instanceof CodedError) return error.code;
  if (error instanceof Error) {
    if (error.name === 'ConfigError') return 'invalid-config';
    if (error.name === 'LockHeldError') return 'already-running';
    if (error.name === 'FileExistsError') return 'file-exists';
    if (error.name === 'ImportError') return 'import-failed';
    const code = (error as { code?: unknown }).code;
    if (error.name === 'KeyError' && (BRIDGE_ERROR_CODES as readonly unknown[]).includes(code))
      return code as BridgeErrorCode;
  }
  return 'internal';
}
