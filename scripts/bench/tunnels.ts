/**
 * `npm run bench`: the same local forward through Tunnelkeeper (`tunnelkeeper up`, a separate
 * process like the others), OpenSSH `ssh -L` and PuTTY `plink -L` against one sshd, rounds
 * interleaved; then Tunnelkeeper alone: back-up time after a server restart, 1000 concurrent
 * channels, RSS/CPU of 50 idle tunnels. Not a test: it prints a table. BENCH_QUICK=1 shrinks it.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort } from '../../tests/helpers/ports';
import { startSshd, type SshdHandle } from '../../tests/helpers/sshd';
import { killServerHard } from '../../tests/helpers/sshd-kill';
import { bulkSource, echo, requestResponse } from './servers';
import {
  sleep,
  spawned,
  spawnLogged,
  startTk,
  stop,
  tkCipher,
  tkConfig,
  waitForPort,
  work,
  root,
  type TkProfile,
} from './processes';
import {
  concurrentIntact,
  latencies,
  median,
  percentile,
  throughput,
  timeToFirstByte,
} from './measure';

const QUICK = process.env.BENCH_QUICK === '1';
const BULK = (QUICK ? 32 : 128) * 1024 * 1024;
const ROUNDS = QUICK ? 2 : 3;
const RR = QUICK ? 500 : 2000;
const TTFB = QUICK ? 10 : 30;

interface Tool {
  name: string;
  bulkPort: number;
  rrPort: number;
  child: ChildProcess;
  cipher: string;
  stderr: () => string;
}

let server: SshdHandle | undefined;

async function main(): Promise<void> {
  execFileSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const crypto = createRequire(__filename)('ssh2/lib/protocol/crypto.js') as {
    bindingAvailable: boolean;
  };
  const binding = crypto.bindingAvailable;
  const sshd = await startSshd();
  server = sshd;
  const bulk = await bulkSource(BULK);
  const rr = await requestResponse();
  const echoServer = await echo();
  const ppk = path.join(work, 'client.ppk');
  execFileSync('puttygen', [sshd.clientKeyPath, '-O', 'private', '-o', ppk]);
  const noNative = path.join(work, 'no-native.cjs');
  writeFileSync(
    noNative,
    `const M = require('module'); const load = M._load;
     M._load = function (request, ...rest) { if (String(request).includes('sshcrypto.node')) throw new Error('native crypto disabled for the benchmark'); return load.call(this, request, ...rest); };`,
  );

  const tools: Tool[] = [];
  const ports = async () => ({ bulkPort: await freePort(), rrPort: await freePort() });
  {
    const p = await ports();
    const tk = await startTk(
      tkConfig(sshd, [
        {
          id: 'bench',
          forwards: [
            { id: 'bulk', bindPort: p.bulkPort, targetPort: bulk.port },
            { id: 'rr', bindPort: p.rrPort, targetPort: rr.port },
          ],
        },
      ]),
      1,
    );
    tools.push({
      name: 'tunnelkeeper',
      ...p,
      child: tk.child,
      cipher: tkCipher(tk.dir, 'bench'),
      stderr: tk.stderr,
    });
  }
  {
    const p = await ports();
    const tk = await startTk(
      tkConfig(sshd, [
        {
          id: 'bench',
          forwards: [
            { id: 'bulk', bindPort: p.bulkPort, targetPort: bulk.port },
            { id: 'rr', bindPort: p.rrPort, targetPort: rr.port },
          ],
        },
      ]),
      1,
      { NODE_OPTIONS: `--require ${noNative}` },
    );
    tools.push({
      name: 'tk (no native)',
      ...p,
      child: tk.child,
      cipher: tkCipher(tk.dir, 'bench'),
      stderr: tk.stderr,
    });
  }
  {
    const p = await ports();
    const s = spawnLogged('ssh', [
      '-v',
      '-N',
      '-p',
      String(sshd.port),
      '-i',
      sshd.clientKeyPath,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'BatchMode=yes',
      '-o',
      'ExitOnForwardFailure=yes',
      '-L',
      `${p.bulkPort}:127.0.0.1:${bulk.port}`,
      '-L',
      `${p.rrPort}:127.0.0.1:${rr.port}`,
      `${sshd.user}@127.0.0.1`,
    ]);
    await waitForPort(p.rrPort, s.child);
    tools.push({
      name: 'ssh -L',
      ...p,
      child: s.child,
      cipher: /cipher: (\S+)/.exec(s.stderr())?.[1] ?? '?',
      stderr: s.stderr,
    });
  }
  {
    const p = await ports();
    const s = spawnLogged('plink', [
      '-ssh',
      '-v',
      '-batch',
      '-N',
      '-P',
      String(sshd.port),
      '-i',
      ppk,
      '-hostkey',
      sshd.hostKeyFingerprint,
      '-L',
      `${p.bulkPort}:127.0.0.1:${bulk.port}`,
      '-L',
      `${p.rrPort}:127.0.0.1:${rr.port}`,
      `${sshd.user}@127.0.0.1`,
    ]);
    await waitForPort(p.rrPort, s.child);
    tools.push({
      name: 'plink -L',
      ...p,
      child: s.child,
      cipher:
        /Initialised (.+?) (?:outbound|client->server) encryption/.exec(s.stderr())?.[1] ?? '?',
      stderr: s.stderr,
    });
  }

  const results = new Map(
    tools.map((t) => [
      t.name,
      {
        mbps: [] as number[],
        rtt: [] as number[],
        ttfb: [] as number[],
        cpuMsPer100MB: [] as number[],
      },
    ]),
  );
  /** CPU time (user + system, in clock ticks of 10 ms) a process has used so far. */
  const cpuTicks = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const tool of tools) {
      const r = results.get(tool.name)!;
      const ticks = cpuTicks(tool.child.pid!);
      r.mbps.push(await throughput(tool.bulkPort, BULK));
      r.cpuMsPer100MB.push(((cpuTicks(tool.child.pid!) - ticks) * 10 * 100e6) / BULK);
      r.rtt.push(...(await latencies(tool.rrPort, RR)));
      for (let i = 0; i < TTFB; i++) r.ttfb.push(await timeToFirstByte(tool.rrPort));
    }
    process.stderr.write(`round ${round}/${ROUNDS} done\n`);
  }
  for (const t of tools) await stop(t.child);

  const row = (label: string, f: (name: string) => number, digits: number) => [
    label,
    ...tools.map((t) => f(t.name).toFixed(digits)),
  ];
  const m = (name: string) => results.get(name)!;
  const table = [
    ['metric', ...tools.map((t) => t.name)],
    ['cipher', ...tools.map((t) => t.cipher)],
    row('bulk MB/s (median)', (n) => median(m(n).mbps), 0),
    row('bulk MB/s (best)', (n) => Math.max(...m(n).mbps), 0),
    row('client CPU ms / 100 MB', (n) => median(m(n).cpuMsPer100MB), 0),
    row('req/resp p50 ms', (n) => percentile(m(n).rtt, 50), 3),
    row('req/resp p99 ms', (n) => percentile(m(n).rtt, 99), 3),
    row('first byte p50 ms', (n) => percentile(m(n).ttfb, 50), 3),
    row('first byte p99 ms', (n) => percentile(m(n).ttfb, 99), 3),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const print = (r: string[]) => console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  console.log(
    `\nssh2 native crypto binding (sshcrypto.node): ${binding ? 'built and loaded' : 'NOT available'}`,
  );
  console.log(
    `bulk ${BULK / 1024 / 1024} MiB × ${ROUNDS} rounds, ${RR} req/resp and ${TTFB} first-byte samples per round, interleaved\n`,
  );
  table.forEach(print);
  const best = Math.max(median(m('ssh -L').mbps), median(m('plink -L').mbps));
  console.log(
    `\nthroughput tunnelkeeper / better of ssh,plink: ${(median(m('tunnelkeeper').mbps) / best).toFixed(2)}× (target ≥ 1.3×)`,
  );
  console.log(
    `throughput native / no-native: ${(median(m('tunnelkeeper').mbps) / median(m('tk (no native)').mbps)).toFixed(2)}×`,
  );
  console.log(
    `p99 tunnelkeeper / ssh: ${(percentile(m('tunnelkeeper').rtt, 99) / percentile(m('ssh -L').rtt, 99)).toFixed(2)}× (target ≤ 0.8×)`,
  );
  console.log(
    `first byte p50 tunnelkeeper / ssh: ${(percentile(m('tunnelkeeper').ttfb, 50) / percentile(m('ssh -L').ttfb, 50)).toFixed(2)}×`,
  );

  // Back up after the server returns (listener and sessions killed, restarted on the same port).
  {
    const lport = await freePort();
    const tk = await startTk(
      tkConfig(sshd, [
        { id: 'backup', forwards: [{ id: 'e', bindPort: lport, targetPort: echoServer.port }] },
      ]),
      1,
    );
    const times: number[] = [];
    for (let i = 0; i < (QUICK ? 2 : 3); i++) {
      const before = tk.stdout().length;
      await killServerHard(sshd);
      while (!tk.stdout().slice(before).includes('"state":"waiting"')) await sleep(20);
      await sleep(2000);
      const mark = tk.stdout().length;
      await sshd.restart();
      const t0 = Date.now();
      while (!tk.stdout().slice(mark).includes('"state":"connected"')) {
        if (Date.now() - t0 > 30_000) throw new Error('did not come back');
        await sleep(5);
      }
      times.push(Date.now() - t0);
    }
    const intact = await concurrentIntact(lport, 1000, 16 * 1024);
    console.log(
      `\nback up after the server returns (down 2 s): ${times.map((t) => `${t} ms`).join(', ')} (target ≤ 1000 ms)`,
    );
    console.log(`1000 concurrent channels × 16 KiB echo: ${intact}/1000 intact`);
    await stop(tk.child);
  }

  // 50 idle tunnels in one process.
  {
    const profiles: TkProfile[] = [];
    for (let i = 1; i <= 50; i++)
      profiles.push({
        id: `idle${i}`,
        forwards: [{ id: 'f', bindPort: await freePort(), targetPort: echoServer.port }],
      });
    const tk = await startTk(tkConfig(sshd, profiles), 50);
    await sleep(3000);
    const pid = tk.child.pid!;
    const cpu = () => {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    };
    const window = QUICK ? 10 : 20;
    const c0 = cpu();
    await sleep(window * 1000);
    const c1 = cpu();
    const rss =
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
    console.log(
      `50 idle tunnels (keepalive every 5 s): RSS ${rss.toFixed(0)} MB (target ≤ 150), CPU ${(((c1 - c0) / 100 / window) * 100).toFixed(2)} % over ${window} s (target ≤ 1 %)`,
    );
    await stop(tk.child);
  }

  bulk.close();
  rr.close();
  echoServer.close();
}

async function cleanup(): Promise<void> {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await server?.stop();
}

main().then(
  () => cleanup().then(() => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    void cleanup().then(() => process.exit(1));
  },
);
