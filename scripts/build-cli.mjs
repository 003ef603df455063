// Bundles the plain-Node CLI (main/cli + main/core) into one CommonJS file so that
// `npx tunnelkeeper` starts fast with no TypeScript loader. Runs on `npm install` (prepare).
//
// Start-up is most of a new tunnel's time to its first byte (issue #19), so the bundle is built
// for it (docs/benchmarks.md, "Cold start"):
// - The npm packages are bundled too: one file to read and compile instead of ~280 resolved,
//   read and compiled one by one. Left outside are nodemailer, prom-client and hash-wasm
//   (imported only when an alert is sent, metrics are asked for, a PPK v3 key is read) and
//   ssh2's native parts (below). zod goes in without its translated error messages.
// - Comments and whitespace go (`minifyWhitespace`; names stay): a smaller, pure-ASCII file
//   reads and parses faster (Node decodes a file with any non-ASCII byte on a slow path).
// - bin/tunnelkeeper.cjs keeps a V8 code cache of it (out/cli/code-cache/, emptied here).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outDir = path.join(root, 'out/cli');

/** Packages that stay in node_modules and are `require`d at run time. */
const EXTERNAL = /^(nodemailer|prom-client|hash-wasm)(\/|$)/;

/**
 * An `import()` of a package left outside would stay `import()` in the bundle, which the code
 * cache's vm.Script cannot run without an experimental loader hook: it becomes a `require` in a
 * module of its own (both are CommonJS), loaded as late as before.
 */
const requireExternals = {
  name: 'require-externals',
  setup(b) {
    b.onResolve({ filter: EXTERNAL }, (args) =>
      args.kind === 'dynamic-import'
        ? { path: args.path, namespace: 'require-external' }
        : { path: args.path, external: true },
    );
    b.onLoad({ filter: /.*/, namespace: 'require-external' }, (args) => ({
      loader: 'js',
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
    }));
  },
};

/**
 * ssh2 loads its optional native crypto binding by a path relative to its own file; in the bundle
 * that path would point nowhere. It becomes `require("ssh2/lib/…/sshcrypto.node")`, which Node
 * finds in node_modules as it finds any package (and bundle-copy.ts copies ssh2 for the engine's
 * boot service by that name). ssh2's optional `cpu-features` (native too) is required the way
 * ssh2 itself would find it: from ssh2's folder.
 */
const SSH2_FOLDER =
  "require('path').dirname(require('module').createRequire(__filename).resolve('ssh2/package.json'))";
const nativeParts = {
  name: 'native-parts',
  setup(b) {
    b.onResolve({ filter: /\.node$/ }, (args) => {
      const file = path.join(args.resolveDir, args.path);
      const inPackage = /[\\/]node_modules[\\/](ssh2[\\/].*)$/.exec(file);
      if (!inPackage) throw new Error(`a native module outside ssh2: ${file}`);
      return { path: inPackage[1].split(path.sep).join('/'), external: true };
    });
    b.onResolve({ filter: /^cpu-features$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]ssh2[\\/]/.test(args.importer))
        throw new Error(`cpu-features required from ${args.importer}: only ssh2's is known`);
      return { path: args.path, namespace: 'ssh2-optional' };
    });
    b.onLoad({ filter: /.*/, namespace: 'ssh2-optional' }, (args) => ({
      loader: 'js',
      contents: `module.exports = require('module').createRequire(${SSH2_FOLDER} + '/')(${JSON.stringify(args.path)});`,
    }));
  },
};

/**
 * zod's namespace carries every translation of its error messages (`z.locales`, 300 KB of the
 * bundle, ~45 modules run at start-up); the CLI's messages are English (zod's default, which it
 * registers itself). The bundle's `z.locales` has `en` only: the build fails if our code ever
 * picks a locale.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: path.join(args.resolveDir, '../locales/en.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      loader: 'js',
      resolveDir: path.dirname(args.path),
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
    }));
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!/^(main|contract)[\\/]/.test(path.relative(root, args.path))) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (/\bz\.locales\b|\{[^}]*\blocales\b[^}]*\}\s*from\s*['"]zod/.test(text))
        throw new Error(`${args.path} uses zod's locales: see zodEnglishOnly in build-cli.mjs`);
      return undefined; // esbuild loads it as usual
    });
  },
};

/** Replaces `from` (which must be there: a changed ssh2 fails the build) in a file's text. */
function patch(file, text, from, to) {
  if (!text.includes(from)) throw new Error(`${file}: "${from}" not found (ssh2 changed?)`);
  return text.split(from).join(to);
}

/**
 * ssh2's index requires all of ssh2 (the server, HTTP agents over node:http/https/tls, key
 * generation) to build its exports object. The bundle's copy exports the same names, each
 * loaded on first use: a client that never uses the server does not load it.
 */
const LAZY_SSH2_INDEX = `'use strict';
const once = (load) => { let value; return () => (value ??= load()); };
const agent = once(() => require('./agent.js'));
const httpAgents = once(() => require('./http-agents.js'));
const utils = once(() => {
  const sftp = require('./protocol/SFTP.js');
  return {
    parseKey: require('./protocol/keyParser.js').parseKey,
    ...require('./keygen.js'),
    sftp: {
      flagsToString: sftp.flagsToString,
      OPEN_MODE: sftp.OPEN_MODE,
      STATUS_CODE: sftp.STATUS_CODE,
      stringToFlags: sftp.stringToFlags,
    },
  };
});
const exported = {
  AgentProtocol: () => agent().AgentProtocol,
  BaseAgent: () => agent().BaseAgent,
  createAgent: () => agent().createAgent,
  Client: () => require('./client.js'),
  CygwinAgent: () => agent().CygwinAgent,
  HTTPAgent: () => httpAgents().SSHTTPAgent,
  HTTPSAgent: () => httpAgents().SSHTTPSAgent,
  OpenSSHAgent: () => agent().OpenSSHAgent,
  PageantAgent: () => agent().PageantAgent,
  Server: () => require('./server.js'),
  utils,
};
for (const [name, get] of Object.entries(exported))
  Object.defineProperty(module.exports, name, { get, enumerable: true });
`;

const ssh2Files = {
  name: 'ssh2-files',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]ssh2[\\/]lib[\\/]index\.js$/ }, async (args) => {
      // The lazy copy must export what the original does (a changed ssh2 fails the build).
      const original = createRequire(args.path)(args.path);
      const names = (o) => Object.keys(o).sort().join();
      const lazy = { exports: {} };
      new Function('module', 'require', LAZY_SSH2_INDEX)(lazy, createRequire(args.path));
      if (
        names(original) !== names(lazy.exports) ||
        names(original.utils) !== names(lazy.exports.utils) ||
        names(original.utils.sftp) !== names(lazy.exports.utils.sftp)
      )
        throw new Error(`ssh2/lib/index.js exports other names now: update LAZY_SSH2_INDEX`);
      return { loader: 'js', contents: LAZY_SSH2_INDEX };
    });
    // Pageant's helper is found from ssh2's own folder, not from the bundle's.
    b.onLoad({ filter: /[\\/]node_modules[\\/]ssh2[\\/]lib[\\/]agent\.js$/ }, async (args) => {
      let text = await readFile(args.path, 'utf8');
      text = patch(
        args.path,
        text,
        "const EXEPATH = resolve(__dirname, '..', 'util/pagent.exe');",
        `const EXEPATH = () => resolve(${SSH2_FOLDER}, 'util/pagent.exe');`,
      );
      text = patch(args.path, text, 'spawn(EXEPATH, ', 'spawn(EXEPATH(), ');
      return { loader: 'js', contents: text };
    });
    // ssh2 instantiates its WebAssembly Poly1305 at `require`, for the JavaScript ChaCha20-Poly1305
    // it falls back to when its native binding is missing. With the binding (ChaChaPolyCipher
    // and ChaChaPolyDecipher) it is never called, yet it cost every process ~1 MB of RSS: the
    // pages of V8's WebAssembly compiler (engine-memory.ts, 50 tunnels: file-backed 44.2 → 43.1
    // MB). Skipped then; without the binding it loads as before (issue #19;
    // tests/cli/ssh2-crypto.test.ts).
    b.onLoad(
      { filter: /[\\/]node_modules[\\/]ssh2[\\/]lib[\\/]protocol[\\/]crypto\.js$/ },
      async (args) => {
        const text = patch(
          args.path,
          await readFile(args.path, 'utf8'),
          '  init: (() => {\n',
          '  init: (() => {\n    if (ChaChaPolyCipher && ChaChaPolyDecipher) return Promise.resolve();\n',
        );
        return { loader: 'js', contents: text };
      },
    );
  },
};

rmSync(path.join(outDir, 'code-cache'), { recursive: true, force: true });
const bundle = path.join(outDir, 'tunnelkeeper.cjs');
await build({
  entryPoints: [path.join(root, 'main/cli/index.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  plugins: [requireExternals, nativeParts, ssh2Files, zodEnglishOnly],
  minifyWhitespace: true,
  charset: 'ascii',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// bin/tunnelkeeper.cjs runs the bundle as a vm.Script, where import() has no loader.
if (/\bimport\(/.test(await readFile(bundle, 'utf8')))
  throw new Error(`${bundle} has an import(): make it a require (see requireExternals)`);
