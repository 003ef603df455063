#!/usr/bin/env node
'use strict';
// Entry of the `tunnelkeeper` command. The bundle is built by `npm install` (the prepare script).
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
