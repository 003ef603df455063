/**
 * The checks of `diagnose`, in the order they run (../shared/spec/cli.md). Never reorder. Plain
 * data, so the window (the setup assistant lists the checks still to come) can import it.
 */
export const CHECK_IDS = [
  'dns',
  'tcp',
  'banner',
  'kex',
  'hostkey',
  'auth',
  'forwards',
  'targets',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];
