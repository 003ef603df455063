import type { WebContents } from 'electron';
import { EventPayloads, type EventChannel } from '../../../contract';
import type { z } from 'zod';

type EventPayload<E extends EventChannel> = z.input<(typeof EventPayloads)[E]>;

/**
 * Pushes events to our window. Each payload goes through its contract schema first, so only
 * what the contract names reaches the renderer; with no window open nothing is sent.
 */
export function createRendererEvents(target: () => WebContents | null) {
  return {
    send<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
      const contents = target();
      if (!contents) return;
      const result = EventPayloads[channel].safeParse(payload);
      if (!result.success) {
        console.error(`event ${channel} does not match the contract:`, result.error.issues);
        return;
      }
      contents.send(channel, result.data);
    },
  };
}

export type RendererEvents = ReturnType<typeof createRendererEvents>;
