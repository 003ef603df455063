import type { Api } from '../../preload/contract';

/** The preload bridge (or the test bridge the e2e harness injects). */
export function bridge(): Api {
  return window.tunnelkeeper;
}
