/**
 * A probe loaded into `tunnelkeeper up` with `node --require <file>` by clients-profile.ts, so
 * that nothing in main/ changes. It records, per phase (the benchmark writes the phase's name to
 * `<out>.phase` and sends SIGUSR2):
 *   - event-loop delay (perf_hooks.monitorEventLoopDelay, 1 ms resolution)
 *   - every GC with its kind, start (epoch ms) and duration (PerformanceObserver 'gc')
 *   - stream chunks: Readable#push and Writable#write calls and bytes, by constructor (Socket,
 *     Channel ...): the number of chunks the tunnel carried
 *   - CPU time, heap and external memory at the end
 *   - with TK_PROBE_HEAP=1: bytes allocated on the JS heap by function (V8's sampling heap
 *     profiler, objects already collected included)
 *   - with TK_PROBE_CPU=1: a CPU profile of the phase (<out>.<phase>.cpuprofile)
 * and, for the start-up: modules loaded and the time spent loading each package the bundle
 * requires, up to the first outgoing connection (sshd) and the first listening forward.
 * Written as JSON to `<out>` when the process exits.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const HOOK = String.raw`'use strict';
const { monitorEventLoopDelay, PerformanceObserver, performance } = require('node:perf_hooks');
const fs = require('node:fs');
const Module = require('node:module');
const net = require('node:net');
const stream = require('node:stream');
const inspector = require('node:inspector');
const path = require('node:path');

const out = process.env.TK_PROBE_OUT;
const wantHeap = process.env.TK_PROBE_HEAP === '1';
const wantCpu = process.env.TK_PROBE_CPU === '1';
const result = {
  timeOrigin: performance.timeOrigin,
  hookLoadedMs: performance.now(),
  startup: { packages: {}, modulesAtFirstConnect: 0, firstConnectMs: 0, firstListenMs: 0, modulesAtFirstListen: 0, events: [] },
  gcs: [],
  phases: [],
};

// Start-up: inclusive load time of every package the bundle requires (first load only).
const bundleSuffix = path.join('out', 'cli', 'tunnelkeeper.cjs');
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  const fromBundle = parent && parent.filename && parent.filename.endsWith(bundleSuffix);
  const fromBin = parent && parent.filename && parent.filename.endsWith('tunnelkeeper.cjs') && !fromBundle;
  if (!fromBundle && !fromBin) return load.call(this, request, parent, ...rest);
  const before = Object.keys(require.cache).length;
  const t = performance.now();
  const value = load.call(this, request, parent, ...rest);
  const ms = performance.now() - t;
  const key = fromBin ? 'bundle (out/cli/tunnelkeeper.cjs, everything)' : request;
  const p = (result.startup.packages[key] ||= { ms: 0, modules: 0 });
  p.ms += ms;
  p.modules += Object.keys(require.cache).length - before;
  return value;
};
const connect = net.Socket.prototype.connect;
const what = (args) => {
  const a = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (a && typeof a === 'object') return String(a.path || a.port);
  return String(a);
};
const event = (name, args) => {
  if (result.startup.events.length < 8)
    result.startup.events.push({ name: name + ' ' + what(args), ms: performance.now(), modules: Object.keys(require.cache).length });
};
net.Socket.prototype.connect = function (...args) {
  event('connect', args);
  if (!result.startup.firstConnectMs) {
    result.startup.firstConnectMs = performance.now();
    result.startup.modulesAtFirstConnect = Object.keys(require.cache).length;
  }
  return connect.apply(this, args);
};
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  event('listen', args);
  if (!result.startup.firstListenMs) {
    result.startup.firstListenMs = performance.now();
    result.startup.modulesAtFirstListen = Object.keys(require.cache).length;
  }
  return listen.apply(this, args);
};

// Chunks carried, by stream class.
let chunks = {};
const count = (kind, self, chunk) => {
  const name = kind + ' ' + ((self && self.constructor && self.constructor.name) || '?');
  const c = (chunks[name] ||= { calls: 0, bytes: 0 });
  c.calls++;
  if (chunk && typeof chunk.length === 'number') c.bytes += chunk.length;
};
const push = stream.Readable.prototype.push;
stream.Readable.prototype.push = function (chunk, encoding) {
  if (chunk !== null) count('push', this, chunk);
  return push.call(this, chunk, encoding);
};
const write = stream.Writable.prototype.write;
stream.Writable.prototype.write = function (chunk, encoding, cb) {
  count('write', this, chunk);
  return write.call(this, chunk, encoding, cb);
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    result.gcs.push({
      at: performance.timeOrigin + e.startTime,
      ms: e.duration,
      kind: { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' }[e.detail ? e.detail.kind : e.kind] || String(e.detail ? e.detail.kind : e.kind),
    });
}).observe({ entryTypes: ['gc'] });

const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();

let session;
const post = (method, params) =>
  new Promise((resolve, reject) =>
    session.post(method, params || {}, (error, value) => (error ? reject(error) : resolve(value))),
  );
if (wantHeap || wantCpu) {
  session = new inspector.Session();
  session.connect();
}
let profiling = false;
const startProfilers = async () => {
  profiling = true;
  if (wantHeap)
    await post('HeapProfiler.startSampling', {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  if (wantCpu) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
  }
};
const heapTop = (profile) => {
  const by = {};
  let total = 0;
  const walk = (n) => {
    const f = n.callFrame;
    const key = (f.functionName || '(anonymous)') + ' ' + (f.url ? f.url.replace(/^.*node_modules\//, '').replace(/^.*\/out\/cli\//, 'out/cli/') : '') + ':' + (f.lineNumber + 1);
    by[key] = (by[key] || 0) + n.selfSize;
    total += n.selfSize;
    for (const c of n.children) walk(c);
  };
  walk(profile.head);
  return {
    totalBytes: total,
    top: Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 25),
  };
};

let phase = { name: 'startup', t: performance.now(), cpu: process.cpuUsage() };
const closePhase = async () => {
  const mem = process.memoryUsage();
  const record = {
    name: phase.name,
    ms: performance.now() - phase.t,
    cpuMs: ((u) => (u.user + u.system) / 1000)(process.cpuUsage(phase.cpu)),
    eld: {
      mean: eld.mean / 1e6,
      p50: eld.percentile(50) / 1e6,
      p99: eld.percentile(99) / 1e6,
      max: eld.max / 1e6,
    },
    chunks,
    heapUsed: mem.heapUsed,
    external: mem.external,
    arrayBuffers: mem.arrayBuffers,
    startEpoch: performance.timeOrigin + phase.t,
    endEpoch: performance.timeOrigin + performance.now(),
  };
  if (wantHeap && profiling) {
    const { profile } = await post('HeapProfiler.getSamplingProfile');
    await post('HeapProfiler.stopSampling');
    record.heap = heapTop(profile);
  }
  if (wantCpu && profiling) {
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(out + '.' + phase.name + '.cpuprofile', JSON.stringify(profile));
  }
  result.phases.push(record);
  eld.reset();
  chunks = {};
};
let busy = Promise.resolve();
process.on('SIGUSR2', () => {
  busy = busy.then(async () => {
   try {
    await closePhase();
    let name = 'unnamed';
    try { name = fs.readFileSync(out + '.phase', 'utf8').trim(); } catch {}
    phase = { name, t: performance.now(), cpu: process.cpuUsage() };
    await startProfilers();
    fs.writeFileSync(out + '.ack', name);
   } catch (error) {
    fs.writeFileSync(out + '.ack', 'error: ' + error.message);
   }
  });
});
process.on('exit', () => {
  fs.writeFileSync(out, JSON.stringify(result));
});
`;

/** Writes the probe into `dir` and returns its path, for `node --require`. */
export function writeProbe(dir: string): string {
  const file = path.join(dir, 'probe.cjs');
  writeFileSync(file, HOOK);
  return file;
}
