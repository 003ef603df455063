import type { EngineClient } from '../core/engine/client';
import { EngineClientError } from '../core/engine/client';

/**
 * At launch the app attaches to the running engine (a boot service's, or one an earlier launch
 * started); if none runs it starts one as a separate, detached process and attaches to it, so
 * the tunnels outlive the window, a crash or an update of the app.
 */
export interface AttachDeps {
  connect(): Promise<EngineClient>;
  /** Starts a detached engine process (it must outlive this one). */
  launch(): void;
  timeoutMs?: number;
  sleep?(ms: number): Promise<void>;
}

export interface Attached {
  client: EngineClient;
  /** Only then does Quit ask whether to stop the tunnels too. */
  startedByApp: boolean;
}

export async function attachEngine(deps: AttachDeps): Promise<Attached> {
  try {
    return { client: await deps.connect(), startedByApp: false };
  } catch (error) {
    // An impostor, another account's engine or an outdated app must be said, not papered over.
    if (!(error instanceof EngineClientError) || error.code !== 'no-engine') throw error;
  }
  deps.launch();
  const sleep = deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + (deps.timeoutMs ?? 10_000);
  let last: unknown;
  while (Date.now() < deadline) {
    await sleep(100);
    try {
      return { client: await deps.connect(), startedByApp: true };
    } catch (error) {
      last = error;
      if (!(error instanceof EngineClientError) || error.code !== 'no-engine') throw error;
    }
  }
  throw last instanceof Error ? last : new Error('the engine did not start');
}
