/**
 * `npx tsx scripts/bench/sporadic.ts`: requests that arrive now and then from the far end of a
 * -R forward — a license check-out from the cloud side — through Tunnelkeeper, ssh and plink in
 * one run (issue #19). The far end sends 100 B every BENCH_GAP_MS and waits for the 1 KiB reply
 * from a server behind the tunnel. sshd has Nagle on for a session without a terminal, so a
 * request it must send while its last segment to the client is unacknowledged waits for the
 * client's delayed ACK (40 ms on Linux): after a keepalive reply, after a window adjust. What
 * the tunnel does about it is main/core/ssh/server-notices.ts. Not a test.
 *   BENCH_REQUESTS=N      per contender and round (default 1000)
 *   BENCH_GAP_MS=N        between a reply and the next request (default 10)
 *   BENCH_KEEPALIVE_S=N   Tunnelkeeper's keepalive and ssh's ServerAliveInterval (default 1;
 *                         plink's keepalives are off unless a saved session sets them, and
 *                         PuTTY's are SSH_MSG_IGNORE, which the server does not answer)
 *   BENCH_ROUNDS=N        rounds, order rotated (default 2)
 */
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePorts } from '../../tests/helpers/ports';
import { startSshd } from '../../tests/helpers/sshd';
import { requireProgram } from './clients-peers';
import { plinkOptions, sshOptions } from './clients-tools';
import { median, percentile } from './measure';
import {
  root,
  runBench,
  sleep,
  spawnLogged,
  spawned,
  sshdProfile,
  stop,
  waitForPort,
  work,
  writeTkConfig,
} from './processes';
import { requestResponse } from './servers';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const REQUESTS = num('BENCH_REQUESTS', 1000);
const GAP_MS = num('BENCH_GAP_MS', 10);
const KEEPALIVE_S = num('BENCH_KEEPALIVE_S', 1);
const ROUNDS = num('BENCH_ROUNDS', 2);
const SLOW_MS = 20;

async function farEnd(port: number): Promise<number[]> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const request = Buffer.alloc(100, 0x71);
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      let got = 0;
      const onData = (c: Buffer) => {
        got += c.length;
        if (got < 1024) return;
        socket.off('data', onData);
        resolve();
      };
      socket.on('data', onData);
      socket.write(request);
    });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await sleep(GAP_MS);
  }
  socket.destroy();
  return times;
}

async function main(): Promise<void> {
  const sshd = await startSshd();
  const rr = await requestResponse();
  const [tkPort, sshPort, plinkPort] = (await freePorts(3)) as [number, number, number];
  const dir = mkdtempSync(path.join(work, 'sporadic-'));
  const remote = {
    type: 'remote',
    id: 'R',
    bindPort: tkPort,
    targetHost: '127.0.0.1',
    targetPort: rr.port,
  };
  const config = writeTkConfig(
    [
      sshdProfile(sshd, 'lic', [remote], {
        keepalive: { intervalSeconds: KEEPALIVE_S, countMax: 3 },
      }),
    ],
    dir,
  );
  const user = `${sshd.user}@127.0.0.1`;
  const contenders = [
    {
      name: 'tunnelkeeper',
      port: tkPort,
      child: spawnLogged(path.join(root, 'bin/tunnelkeeper.cjs'), ['up', '--config', config], {
        TUNNELKEEPER_RUNTIME_DIR: path.join(dir, 'run'),
        TUNNELKEEPER_DATA_DIR: path.join(dir, 'data'),
      }).child,
    },
    {
      name: 'ssh',
      port: sshPort,
      child: spawnLogged(requireProgram('ssh'), [
        ...sshOptions(sshd, false),
        '-o',
        `ServerAliveInterval=${KEEPALIVE_S}`,
        '-R',
        `${sshPort}:127.0.0.1:${rr.port}`,
        user,
      ]).child,
    },
    {
      name: 'plink',
      port: plinkPort,
      child: spawnLogged(requireProgram('plink'), [
        ...plinkOptions(sshd, false),
        '-R',
        `${plinkPort}:127.0.0.1:${rr.port}`,
        user,
      ]).child,
    },
  ];
  try {
    for (const c of contenders) await waitForPort(c.port, c.child);
    const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    const p99s = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const c = contenders[(i + round) % contenders.length]!;
        const t = await farEnd(c.port);
        times.get(c.name)!.push(...t);
        p99s.get(c.name)!.push(percentile(t, 99));
        process.stderr.write(
          `  round ${round + 1} ${c.name.padEnd(12)} p50 ${percentile(t, 50).toFixed(2)} p99 ${percentile(t, 99).toFixed(2)} max ${Math.max(...t).toFixed(1)} ms\n`,
        );
      }
    }
    console.log(
      `\nsporadic requests from the far end of -R: ${REQUESTS} per contender and round, ${GAP_MS} ms apart, keepalive ${KEEPALIVE_S} s (tunnelkeeper, ssh), ${ROUNDS} rounds; ms`,
    );
    const row = (name: string) => {
      const t = times.get(name)!;
      const slow = t.filter((v) => v > SLOW_MS).length;
      return `  ${name.padEnd(12)} p50 ${percentile(t, 50).toFixed(2)}  p99 ${percentile(t, 99).toFixed(2)}  max ${Math.max(...t).toFixed(1)}  over ${SLOW_MS} ms: ${slow} of ${t.length} (${((slow / t.length) * 100).toFixed(1)} %)`;
    };
    for (const c of contenders) console.log(row(c.name));
    const p99 = (name: string) => median(p99s.get(name)!);
    console.log(
      `  p99 (median of rounds) tk / ssh ${(p99('tunnelkeeper') / p99('ssh')).toFixed(2)}×, tk / plink ${(p99('tunnelkeeper') / p99('plink')).toFixed(2)}×`,
    );
  } finally {
    for (const c of contenders) await stop(c.child);
    rr.close();
    for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
    await sshd.stop();
  }
}

runBench(main);
