import type { IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { isAppUrl } from '../security';
import { CodedError } from '../errors';

/** Only our own app:// main frame may call main: not a sub-frame, not any other page. */
export function assertTrustedSender(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
    throw new CodedError('bad-sender');
  }
}

export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const result = schema.safeParse(payload);
  if (!result.success) throw new CodedError('bad-payload');
  return result.data;
}
