/**
 * The one contract between the renderer and main, with no runtime dependency besides zod:
 *
 * - `channels.ts`: channel and event names (`domain:verb`), plain constants;
 * - `bridge-errors.ts`: the codes errors cross as, plain constants;
 * - `schemas.ts`, `schemas-tools.ts`: the zod schemas of every payload and result;
 * - `api.ts`: the per-channel validation table and the `Api` type the preload exposes;
 * - `tunnel-state.ts`: the one tunnel state machine and its groupings (up, running, light …);
 * - `causes.ts`: the one vocabulary of failure causes.
 *
 * Main imports anything from here. The preload and the renderer import the dependency-free
 * files directly (`channels`, `bridge-errors`, `tunnel-state`, `causes`) and everything else as
 * types only, so zod stays out of their bundles.
 */
export * from './channels';
export * from './bridge-errors';
export * from './schemas';
export * from './schemas-tools';
export * from './api';
