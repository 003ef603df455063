/**
 * Sends with retries: the first try at once, then one more after each delay (default 1 s, 5 s,
 * 30 s: a receiver restarting or a proxy hiccup is ridden out, a dead one is given up on in
 * about half a minute). The wait ends early when `signal` aborts (the engine is stopping).
 */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 5000, 30_000];

export interface RetryOutcome {
  ok: boolean;
  attempts: number;
  /** The last failure's message. */
  error?: string;
}

export async function withRetries(
  attempt: (signal: AbortSignal) => Promise<void>,
  options: {
    delaysMs: readonly number[];
    signal: AbortSignal;
    /** Told about each failed try and the wait before the next (undefined: no more tries). */
    onFailure?: (error: string, attempt: number, retryInMs: number | undefined) => void;
  },
): Promise<RetryOutcome> {
  const { delaysMs, signal } = options;
  let error = 'not tried';
  for (let i = 0; i <= delaysMs.length; i++) {
    if (signal.aborted) return { ok: false, attempts: i, error: 'alerts closed' };
    try {
      await attempt(signal);
      return { ok: true, attempts: i + 1 };
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      const wait = signal.aborted ? undefined : delaysMs[i];
      options.onFailure?.(error, i + 1, wait);
      if (wait === undefined) return { ok: false, attempts: i + 1, error };
      await sleep(wait, signal);
    }
  }
  return { ok: false, attempts: delaysMs.length + 1, error };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
