/**
 * The one contract between the renderer and main: channel names (`domain:verb`), the zod
 * schemas main validates payloads with, and the `Api` type the preload exposes. The renderer
 * imports this file for types only.
 */
import { z } from 'zod';

export { Channels } from './channels';

export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  locale: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const TunnelSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum([
    'connecting',
    'authenticating',
    'connected',
    'degraded',
    'waiting',
    'failed',
    'stopped',
  ]),
});
export type TunnelSummary = z.infer<typeof TunnelSummarySchema>;

/** Requests carry no payload yet; every handler still validates what it receives. */
export const EmptyPayloadSchema = z.undefined();

/** Errors cross the bridge as codes, never as stack traces. */
export type BridgeErrorCode = 'bad-sender' | 'bad-payload' | 'internal';

export interface Api {
  appInfo(): Promise<AppInfo>;
  listTunnels(): Promise<TunnelSummary[]>;
  /** Subscribes to tunnel changes; returns the function that unsubscribes. */
  onTunnelsChanged(listener: (tunnels: TunnelSummary[]) => void): () => void;
}

declare global {
  interface Window {
    tunnelkeeper: Api;
  }
}
