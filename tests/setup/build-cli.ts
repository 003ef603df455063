import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** CLI tests run the real bundle, rebuilt from the current source before the run. */
export default function setup(): void {
  execFileSync(process.execPath, [path.resolve('scripts/build-cli.mjs')], { stdio: 'inherit' });
}
