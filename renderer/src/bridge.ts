import type { Api } from '../../contract';

/**
 * The preload's API. The preload and this window ship in one bundle, so every method of the
 * contract is there: the window never checks for one.
 */
export type Bridge = Api;

/** The preload bridge (or the test bridge the e2e harness injects). */
export function bridge(): Bridge {
  return window.tunnelkeeper;
}

/** Bridge errors cross as codes (`new Error(code)`); anything else is shown as `internal`. */
export function errorCode(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^[a-z-]+$/.test(message) ? message : 'internal';
}
