// Bundles the plain-Node CLI (main/cli + main/core) into one CommonJS file so that
// `npx tunnelkeeper` starts fast with no TypeScript loader. Runs on `npm install` (prepare).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  entryPoints: [path.join(root, 'main/cli/index.ts')],
  outfile: path.join(root, 'out/cli/tunnelkeeper.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Dependencies stay in node_modules: ssh2 loads its native binding by relative path.
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
