import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Appends lines to `file`; past `maxBytes` the file becomes `file.1` (older ones shift up to
 * `keep`). Writes are queued and serialised so a burst never interleaves or blocks the caller.
 */
export class RotatingFile {
  private queue: string[] = [];
  private writing: Promise<void> | undefined;
  private size: number | undefined;

  constructor(
    readonly file: string,
    readonly maxBytes = 1024 * 1024,
    readonly keep = 5,
  ) {}

  write(line: string): void {
    this.queue.push(line.endsWith('\n') ? line : `${line}\n`);
    this.writing ??= this.drain();
  }

  /** Resolves when everything written so far is on disk. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        if (this.size === undefined) {
          await fs.mkdir(path.dirname(this.file), { recursive: true });
          this.size = await fs.stat(this.file).then(
            (s) => s.size,
            () => 0,
          );
        }
        // Batch as many queued lines as fit in the current file, then rotate.
        let batch = '';
        let bytes = 0;
        while (this.queue.length) {
          const line = this.queue[0]!;
          const n = Buffer.byteLength(line);
          if (this.size + bytes + n > this.maxBytes && this.size + bytes > 0) break;
          batch += line;
          bytes += n;
          this.queue.shift();
        }
        if (bytes === 0) {
          await this.rotate();
          continue;
        }
        await fs.appendFile(this.file, batch, { mode: 0o600 });
        this.size += bytes;
      }
    } catch {
      // Logging must never take a tunnel down; a full disk loses log lines, not the tunnel.
      this.queue = [];
    } finally {
      this.writing = undefined;
    }
  }

  private async rotate(): Promise<void> {
    for (let i = this.keep - 1; i >= 1; i--) {
      await fs.rename(`${this.file}.${i}`, `${this.file}.${i + 1}`).catch(() => undefined);
    }
    await fs.rename(this.file, `${this.file}.1`).catch(() => undefined);
    await fs.rm(`${this.file}.${this.keep + 1}`, { force: true });
    this.size = 0;
  }
}
