import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** End-to-end tests load the renderer exactly as electron-vite builds it for the app. */
export default function setup(): void {
  execFileSync(
    process.execPath,
    [path.resolve('node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}
