/**
 * Parameters of a troubleshooting message that carry text from outside (an OS or server error,
 * what a server sent, the SSH method names it lists): never translated, shown as is and marked
 * as English. The same list as `VERBATIM_PARAMS` of main/core/diagnostics/types.ts (a test
 * compares them; the window may not import main/**).
 */
export const VERBATIM_PARAMS: readonly string[] = ['raw', 'excerpt', 'banner', 'method', 'methods'];
