/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof` or the inspector's Profiler) and says where the
 * time went: self time by area (ssh2's crypto, ssh2's protocol, Node streams, net, Tunnelkeeper,
 * GC, VM/native, idle) and the functions with the most self time.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Wall time covered, ms. */
  totalMs: number;
  /** Everything but (idle), ms. */
  busyMs: number;
  areas: [string, number][];
  functions: [string, number][];
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/out\/cli\//, 'out/cli/');
}

export function areaOf(frame: CallFrame): string {
  const { functionName: name, url } = frame;
  if (name === '(idle)') return 'idle (waiting in epoll)';
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return 'VM/native, not JS (libuv, syscalls, C++ bindings)';
  if (name === '(root)') return 'root';
  if (url.includes('ssh2/lib/protocol/crypto')) return 'ssh2 crypto (JS side)';
  if (url.includes('ssh2/lib/protocol')) return 'ssh2 protocol (packets, channels)';
  if (url.includes('ssh2/lib')) return 'ssh2 client/channel streams';
  if (url.includes('node_modules/')) return `other packages (${shortUrl(url).split('/')[0]})`;
  if (url.includes('out/cli/tunnelkeeper.cjs')) return 'Tunnelkeeper (bundle)';
  if (url.startsWith('node:internal/streams')) return 'Node streams';
  if (
    url === 'node:net' ||
    url.startsWith('node:internal/stream_base') ||
    url.startsWith('node:internal/net')
  )
    return 'Node net / stream_base';
  if (url.startsWith('node:internal/modules') || url.startsWith('node:internal/bootstrap'))
    return 'Node module loader / bootstrap';
  if (url.startsWith('node:')) return `Node other (${url.replace(/^node:(internal\/)?/, '')})`;
  if (!url) return `native builtin (${name || '?'})`;
  return shortUrl(url);
}

export function summarize(profile: CpuProfile, top = 20): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const ms = us / 1000;
    total += ms;
    if (frame.functionName === '(idle)') idle += ms;
    const area = areaOf(frame);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const fn = `${frame.functionName || '(anonymous)'} ${frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total,
    busyMs: total - idle,
    areas: sorted(areas),
    functions: sorted(functions)
      .filter(([f]) => !f.startsWith('(idle)'))
      .slice(0, top),
  };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** Lines for a report: areas with % of busy time, then the top functions. */
export function formatSummary(s: ProfileSummary, per?: { count: number; unit: string }): string {
  const pct = (ms: number) => `${((ms / s.busyMs) * 100).toFixed(1).padStart(5)} %`;
  const each = (ms: number) =>
    per ? `  ${((ms * 1000) / per.count).toFixed(1).padStart(7)} µs/${per.unit}` : '';
  const lines = [
    `  covered ${s.totalMs.toFixed(0)} ms, busy (not idle) ${s.busyMs.toFixed(0)} ms${per ? ` = ${((s.busyMs * 1000) / per.count).toFixed(1)} µs/${per.unit}` : ''}`,
    '  by area (% of busy):',
    ...s.areas
      .filter(([a]) => !a.startsWith('idle'))
      .slice(0, 12)
      .map(([a, ms]) => `    ${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms${each(ms)}  ${a}`),
    '  top functions by self time (% of busy):',
    ...s.functions.map(([f, ms]) => `    ${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms  ${f}`),
  ];
  return lines.join('\n');
}
