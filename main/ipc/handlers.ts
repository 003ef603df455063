import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import {
  Channels,
  EmptyPayloadSchema,
  type AppInfo,
  type TunnelSummary,
} from '../../preload/contract';
import { VERSION } from '../core/version';
import { assertTrustedSender, BridgeError, parsePayload } from './validate';

function handle<P, R>(
  channel: string,
  schema: z.ZodType<P>,
  handler: (payload: P) => R | Promise<R>,
): void {
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown) => {
    try {
      assertTrustedSender(event);
      return await handler(parsePayload(schema, payload));
    } catch (error) {
      // Errors cross the bridge as codes only.
      throw new Error(error instanceof BridgeError ? error.code : 'internal');
    }
  });
}

export function registerIpcHandlers(listTunnels: () => TunnelSummary[]): void {
  handle(Channels.appInfo, EmptyPayloadSchema, (): AppInfo => ({
    version: VERSION,
    platform: process.platform,
    locale: app.getLocale(),
  }));
  handle(Channels.tunnelsList, EmptyPayloadSchema, () => listTunnels());
}
