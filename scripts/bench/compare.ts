/**
 * The interleaved comparison: one untimed warm-up per tool (a long-running tunnel is measured,
 * not a process's first second of JIT), then rounds in which every tool does a bulk download,
 * sequential request/response and fresh-connection first-byte samples. The order rotates each
 * round so that no tool always follows the same neighbour.
 */
import { commandCpuMs, processCpuMs, selfCpuMs } from './cpu';
import { latencies, throughput, timeToFirstByte } from './measure';
import type { Tool } from './tools';

export interface Sizes {
  bulkBytes: number;
  rounds: number;
  requests: number;
  firstBytes: number;
}

export interface ToolResult {
  mbps: number[];
  /** Per bulk round, ms of CPU per 100 MB carried. */
  clientCpu: number[];
  sshdCpu: number[];
  benchCpu: number[];
  rtt: number[];
  /** Per round, µs of client CPU per request/response: what the client itself adds. */
  clientUsPerRequest: number[];
  /** The p99 of each round's request/response samples: how stable the tail is. */
  roundP99: number[];
  ttfb: number[];
}

const per100MB = (ms: number, bytes: number) => (ms * 100e6) / bytes;

export async function compare(
  tools: Tool[],
  sizes: Sizes,
  progress: (line: string) => void,
  p99: (values: number[]) => number,
): Promise<Map<string, ToolResult>> {
  const results = new Map<string, ToolResult>(
    tools.map((t) => [
      t.name,
      {
        mbps: [],
        clientCpu: [],
        sshdCpu: [],
        benchCpu: [],
        rtt: [],
        clientUsPerRequest: [],
        roundP99: [],
        ttfb: [],
      },
    ]),
  );
  for (const tool of tools) {
    await throughput(tool.bulkPort, sizes.bulkBytes);
    await latencies(tool.rrPort, Math.min(500, sizes.requests));
  }
  for (let round = 0; round < sizes.rounds; round++) {
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[(i + round) % tools.length]!;
      const r = results.get(tool.name)!;
      const client0 = tool.child ? processCpuMs(tool.child.pid!) : 0;
      const sshd0 = commandCpuMs('sshd');
      const bench0 = selfCpuMs();
      r.mbps.push(await throughput(tool.bulkPort, sizes.bulkBytes));
      if (tool.child)
        r.clientCpu.push(per100MB(processCpuMs(tool.child.pid!) - client0, sizes.bulkBytes));
      r.sshdCpu.push(per100MB(commandCpuMs('sshd') - sshd0, sizes.bulkBytes));
      r.benchCpu.push(per100MB(selfCpuMs() - bench0, sizes.bulkBytes));
      const rttCpu0 = tool.child ? processCpuMs(tool.child.pid!) : 0;
      const rtt = await latencies(tool.rrPort, sizes.requests);
      if (tool.child)
        r.clientUsPerRequest.push(
          ((processCpuMs(tool.child.pid!) - rttCpu0) * 1000) / sizes.requests,
        );
      r.rtt.push(...rtt);
      r.roundP99.push(p99(rtt));
      for (let k = 0; k < sizes.firstBytes; k++) r.ttfb.push(await timeToFirstByte(tool.rrPort));
    }
    progress(`round ${round + 1}/${sizes.rounds} done`);
  }
  return results;
}
