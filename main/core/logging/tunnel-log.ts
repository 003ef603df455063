import path from 'node:path';
import type { LogLevel } from '../tunnels/events';
import { redact } from './redact';
import { RingBuffer } from './ring';
import { RotatingFile } from './rotating-file';

export interface LogEntry {
  ts: string;
  level: LogLevel;
  message: string;
}

/**
 * One tunnel's log: the newest entries in memory (for the app's log view and `status`), all of
 * them in a rotating file when a log folder is set, secrets always scrubbed first.
 */
export class TunnelLog {
  private readonly ring: RingBuffer<LogEntry>;
  private readonly file: RotatingFile | undefined;
  private secrets: string[] = [];

  constructor(
    readonly profileId: string,
    options: { logDir?: string; capacity?: number; maxBytes?: number; keep?: number } = {},
    private readonly sink?: (entry: LogEntry) => void,
  ) {
    this.ring = new RingBuffer(options.capacity ?? 2000);
    const safe = profileId.replace(/[^A-Za-z0-9._-]/g, '_');
    this.file = options.logDir
      ? new RotatingFile(path.join(options.logDir, `${safe}.log`), options.maxBytes, options.keep)
      : undefined;
  }

  /** Values that must never appear in the log (passphrases, passwords). */
  addSecrets(values: readonly string[]): void {
    this.secrets = [...new Set([...this.secrets, ...values.filter((v) => v.length > 0)])];
  }

  write(level: LogLevel, message: string): LogEntry {
    const entry: LogEntry = {
      ts: new Date().toISOString(),
      level,
      message: redact(message, this.secrets),
    };
    this.ring.push(entry);
    this.file?.write(`${entry.ts} ${level.toUpperCase().padEnd(5)} ${entry.message}`);
    this.sink?.(entry);
    return entry;
  }

  entries(): LogEntry[] {
    return this.ring.toArray();
  }

  flush(): Promise<void> {
    return this.file?.flush() ?? Promise.resolve();
  }
}
