#!/usr/bin/env -S node --single-threaded-gc
'use strict';
// Entry of the `tunnelkeeper` command. The bundle is built by `npm install` (the prepare script).
// --single-threaded-gc: a tunnel's heap is small, and V8's parallel and concurrent GC helper
// threads fight the tunnel's own I/O for the CPU. Measured with `npm run bench` on 2 CPUs:
// +25 % throughput and -30 % CPU per byte with the flag. `env -S` runs it on Linux and macOS;
// npm's Windows shim (cmd-shim) copies the flag into the .cmd it writes.
const path = require('node:path');
const fs = require('node:fs');

const bundle = path.join(__dirname, '..', 'out', 'cli', 'tunnelkeeper.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'tunnelkeeper: the CLI is not built yet; run `npm install` (or `npm run build:cli`) in ' +
      path.join(__dirname, '..') +
      '\n',
  );
  process.exit(1);
}
require(bundle);
