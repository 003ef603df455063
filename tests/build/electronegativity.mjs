#!/usr/bin/env node
// Runs Electronegativity (Doyensec's Electron security linter) on the built app in out/ and
// fails when it reports a high or medium finding that is not accepted, with a reason, in
// electronegativity-accepted.json next to this file. `npm run electronegativity` builds first.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));

// Electronegativity fetches fresh translations from GitHub on start. This check runs offline:
// hand it a `got` that fails at once (it then uses its bundled English text).
const gotPath = require.resolve('got', { paths: [packageDir] });
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: () => Promise.reject(new Error('offline: Electronegativity runs without network')),
};

const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(
  readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;
const { findings: accepted, unparsed } = JSON.parse(
  readFileSync(path.join(here, 'electronegativity-accepted.json'), 'utf8'),
);

// The built app by default; a folder given on the command line instead (the test's fixture).
const input = path.resolve(process.argv[2] ?? path.join(root, 'out'));
const result = await run({
  input,
  isRelative: true,
  electronVersionOverride: electronVersion,
  severitySet: 'informational',
  confidenceSet: 'tentative',
  // Compares the Electron version with a release list it downloads from GitHub: meaningless
  // offline (Electron itself is kept current through npm and Dependabot-style updates).
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
});

const serious = result.issues.filter((i) => ['HIGH', 'MEDIUM'].includes(i.severity.name));
// An acceptance covers at most `count` findings of its check in its file, so a new occurrence
// of an accepted pattern still fails until someone looks at it and raises the count.
const budget = accepted.map((a) => ({ ...a, left: a.count ?? 1 }));
const acceptedIssues = new Set();
for (const issue of serious) {
  const file = issue.file.replaceAll('\\', '/');
  const entry = budget.find((a) => a.id === issue.id && file === a.file && a.left > 0);
  if (entry) {
    entry.left -= 1;
    acceptedIssues.add(issue);
  }
}
const isAccepted = (issue) => acceptedIssues.has(issue);
const unexplained = serious.filter((i) => !isAccepted(i));

const describe = (i) =>
  `${i.severity.name.padEnd(6)} ${i.id} ${i.file}:${i.location.line}:${i.location.column}`;
console.log(
  `electronegativity ${electronVersion === undefined ? '' : `(Electron ${electronVersion}) `}` +
    `${result.globalChecks} global + ${result.atomicChecks} atomic checks on ${path.relative(root, input) || '.'}: ` +
    `${result.issues.length} findings, ${serious.length} high/medium, ` +
    `${serious.length - unexplained.length} of them accepted`,
);
for (const issue of serious) console.log(`  ${isAccepted(issue) ? 'accepted ' : 'UNEXPLAINED'} ${describe(issue)}`);
for (const issue of result.issues.filter((i) => !serious.includes(i)))
  console.log(`  (low)      ${describe(issue)}`);
/** `renderer/assets/index-*.js` style patterns, relative to the scanned folder. */
const matches = (pattern, file) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}$`).test(
    path.relative(input, file).replaceAll('\\', '/'),
  );
const failures = result.errors.filter((e) => !e.tolerable);
const broken = failures.filter((e) => !unparsed.some((u) => matches(u.file, e.file)));
for (const error of failures)
  console.log(
    `  ${broken.includes(error) ? 'UNSCANNED  ' : 'unscanned (accepted)'} ${path.relative(input, error.file)}: ${error.message}`,
  );

// The sandboxed preload can require only `electron`: anything else would fail at run time.
let preloadProblems = [];
if (!process.argv[2]) {
  const preload = readFileSync(path.join(input, 'preload', 'index.js'), 'utf8');
  const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  preloadProblems = required.filter((name) => name !== 'electron');
  console.log(`preload requires: ${[...new Set(required)].join(', ') || 'nothing'}`);
  for (const name of preloadProblems) console.log(`  SANDBOX  preload/index.js requires ${name}`);
}

if (unexplained.length > 0 || broken.length > 0 || preloadProblems.length > 0) {
  console.error('electronegativity: fix the findings above or accept them with a reason.');
  process.exit(1);
}
