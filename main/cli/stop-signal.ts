/**
 * Resolves at the first signal that asks a foreground process to stop (Ctrl+C, a service
 * manager's SIGTERM, a closed terminal; Ctrl+Break on Windows) or when `also` settles first.
 */
export function untilStopSignal(also?: Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    if (process.platform === 'win32') signals.push('SIGBREAK');
    const done = () => {
      for (const s of signals) process.off(s, done);
      resolve();
    };
    for (const s of signals) process.on(s, done);
    void also?.then(done, done);
  });
}
