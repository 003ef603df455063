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
let source;
let identity; // the bundle file as read: undefined if it changed while it was read
try {
  const fd = fs.openSync(bundle, 'r');
  const id = (s) => JSON.stringify([bundle, s.size, s.mtimeMs, s.ino]);
  const before = id(fs.fstatSync(fd));
  source = fs.readFileSync(fd, 'utf8');
  if (id(fs.fstatSync(fd)) === before) identity = before;
  fs.closeSync(fd);
} catch {
  process.stderr.write(
    'tunnelkeeper: the CLI is not built yet; run `npm install` (or `npm run build:cli`) in ' +
      path.join(__dirname, '..') +
      '\n',
  );
  process.exit(1);
}

/*
 * The bundle runs from a V8 code cache (issue #19: start-up is most of a new tunnel's time to
 * its first byte; docs/benchmarks.md, "Cold start"). Compiling the 1.4 MB bundle and the
 * functions a command calls costs tens of milliseconds; V8 reads them back from the cache. One
 * cache per command (the first word: each holds what that command compiled) and per node and set
 * of flags (V8 refuses a cache made under other flags), in out/cli/code-cache/ (emptied by each
 * build), written once, by the first run that ends well or is still running after 1.5 s.
 * A cache is used only if it was made for this very bundle file (size, mtime, inode) and its
 * CRC-32 is intact; V8 checks its version, flags and the source's length again. Anything wrong
 * (missing, corrupt, unwritable folder, an old Node) falls back to compiling, silently.
 * TUNNELKEEPER_CODE_CACHE=0 turns it off.
 */
const MAGIC = 'TKCC0001';
const MAX_FILES = 24;

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

function cachePath() {
  const word = process.argv[2] ?? '';
  const command = /^[a-z][a-z-]{0,31}$/.test(word) ? word : '_';
  const key = [process.version, process.arch, ...process.execArgv, process.env.NODE_OPTIONS];
  return path.join(path.dirname(bundle), 'code-cache', `${command}-${fnv1a(key.join('\0'))}.bin`);
}

/** The cached data if it was made for this bundle file and is intact, else undefined. */
function readCache(file, identity, crc32) {
  let raw;
  try {
    raw = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length < 16 || raw.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const headerLength = raw.readUInt32LE(12);
  const dataStart = 16 + headerLength;
  if (dataStart > raw.length || raw.toString('utf8', 16, dataStart) !== identity) return undefined;
  const data = raw.subarray(dataStart);
  return crc32(data) === raw.readUInt32LE(8) ? data : undefined;
}

function writeCache(file, identity, crc32, data) {
  const header = Buffer.from(identity, 'utf8');
  const head = Buffer.alloc(16);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(crc32(data), 8);
  head.writeUInt32LE(header.length, 12);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, Buffer.concat([head, header, data]));
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
    return;
  }
  // Each command and set of flags has its file: the oldest go beyond MAX_FILES.
  try {
    const dir = path.dirname(file);
    const files = fs
      .readdirSync(dir)
      .map((name) => ({ name, at: fs.statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of files.slice(MAX_FILES)) fs.rmSync(path.join(dir, old.name), { force: true });
  } catch {
    // another process tidied at the same time
  }
}

/** Compiles the bundle (from the cache when it can) and returns how to run it, or undefined. */
function compileWithCache() {
  if (process.env.TUNNELKEEPER_CODE_CACHE === '0' || identity === undefined) return undefined;
  const vm = require('node:vm');
  const { crc32 } = require('node:zlib');
  const Module = require('node:module');
  if (typeof crc32 !== 'function') return undefined; // Node < 20.15
  const file = cachePath();
  const cachedData = readCache(file, identity, crc32);
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  // V8 keeps the wrapped copy for the functions it compiles later; this one would stay too
  // (1.4 MB for the life of an engine, issue #19).
  source = undefined;
  if (!cachedData || script.cachedDataRejected) {
    let saved = false;
    const save = (exitCode = process.exitCode) => {
      if (saved || (exitCode !== undefined && exitCode !== 0)) return;
      saved = true;
      try {
        writeCache(file, identity, crc32, script.createCachedData());
      } catch {
        // a cache is an optimisation: never a reason to fail
      }
    };
    setTimeout(() => save(), 1500).unref();
    process.once('exit', (code) => save(code));
  }
  const wrapper = script.runInThisContext();
  return () => {
    const mod = new Module(bundle, module);
    mod.filename = bundle;
    wrapper.call(
      mod.exports,
      mod.exports,
      Module.createRequire(bundle),
      mod,
      bundle,
      path.dirname(bundle),
    );
    mod.loaded = true;
  };
}

let run;
try {
  run = compileWithCache();
} catch {
  run = undefined;
}
source = undefined;
if (run) run();
else require(bundle);
