import path from 'node:path';
import type { BootPlatform, BootSystem, RunResult } from '../../main/core/engine/boot';

type Responder = (command: string, args: readonly string[]) => RunResult | undefined;

/**
 * The BootSystem seam in memory: files are a map, every change and every program run is logged
 * as one line (`run: systemctl daemon-reload`, `write: /etc/...`, `copy: a -> b`, `remove: p`),
 * so a test compares the whole log with what install/uninstall must do, in order.
 */
export class FakeBootSystem implements BootSystem {
  readonly files = new Map<string, string | Uint8Array>();
  readonly log: string[] = [];
  privileged = true;
  private readonly links = new Map<string, string>();
  private readonly responders: Responder[] = [];

  constructor(
    readonly platform: BootPlatform | null,
    files: Record<string, string> = {},
  ) {
    for (const [file, text] of Object.entries(files)) this.files.set(file, text);
  }

  private get p(): path.PlatformPath {
    return this.platform === 'windows' ? path.win32 : path.posix;
  }

  /** Answers a program run (first responder that returns something); default: exit 0. */
  respond(responder: Responder): this {
    this.responders.push(responder);
    return this;
  }

  /** A symbolic link, for realpath. */
  link(from: string, to: string): this {
    this.links.set(from, to);
    return this;
  }

  text(file: string): string {
    const data = this.files.get(file);
    if (data === undefined) throw new Error(`no file ${file}`);
    return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  }

  private under(dir: string): string[] {
    const prefix = dir.endsWith(this.p.sep) ? dir : dir + this.p.sep;
    return [...this.files.keys()].filter((f) => f.startsWith(prefix));
  }

  isPrivileged(): Promise<boolean> {
    return Promise.resolve(this.privileged);
  }
  exists(file: string): Promise<boolean> {
    return Promise.resolve(this.files.has(file) || this.under(file).length > 0);
  }
  readFile(file: string): Promise<string> {
    return this.files.has(file)
      ? Promise.resolve(this.text(file))
      : Promise.reject(Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' }));
  }
  listDir(dir: string): Promise<string[]> {
    const names = this.under(dir).map(
      (f) =>
        f
          .slice(dir.length)
          .replace(/^[\\/]+/, '')
          .split(/[\\/]/)[0]!,
    );
    return Promise.resolve([...new Set(names)]);
  }
  realpath(file: string): Promise<string> {
    return Promise.resolve(this.links.get(file) ?? file);
  }
  writeFile(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
    this.log.push(`write: ${file}${mode === undefined ? '' : ` (${mode.toString(8)})`}`);
    this.files.set(file, data);
    return Promise.resolve();
  }
  copy(from: string, to: string): Promise<void> {
    this.log.push(`copy: ${from} -> ${to}`);
    if (this.files.has(from)) this.files.set(to, this.files.get(from)!);
    for (const f of this.under(from)) this.files.set(to + f.slice(from.length), this.files.get(f)!);
    return Promise.resolve();
  }
  remove(target: string): Promise<void> {
    this.log.push(`remove: ${target}`);
    this.files.delete(target);
    for (const f of this.under(target)) this.files.delete(f);
    return Promise.resolve();
  }
  run(command: string, args: readonly string[]): Promise<RunResult> {
    this.log.push(`run: ${[command, ...args].join(' ')}`);
    for (const responder of this.responders) {
      const result = responder(command, args);
      if (result) return Promise.resolve(result);
    }
    return Promise.resolve({ code: 0, stdout: '', stderr: '' });
  }
}
