import type { IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { APP_ORIGIN } from '../app/app-protocol';
import type { BridgeErrorCode } from '../../preload/contract';

export class BridgeError extends Error {
  constructor(readonly code: BridgeErrorCode) {
    super(code);
  }
}

/** Only our own app:// main frame may call main. */
export function assertTrustedSender(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !frame.url.startsWith(`${APP_ORIGIN}/`)) {
    throw new BridgeError('bad-sender');
  }
}

export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new BridgeError('bad-payload');
  return result.data;
}
