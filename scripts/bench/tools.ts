/**
 * The contenders of the tunnel benchmark, each forwarding two local ports (bulk and
 * request/response) to the same targets through the same sshd: Tunnelkeeper (with and without
 * ssh2's native crypto), OpenSSH `ssh -L`, PuTTY `plink -L`, and the targets reached directly
 * (no tunnel: the floor every tunnel adds to).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePorts } from '../../tests/helpers/ports';
import type { SshdHandle } from '../../tests/helpers/sshd';
import { spawnLogged, startTk, stop, tkCipher, tkConfig, waitForPort, work } from './processes';

export interface Tool {
  name: string;
  bulkPort: number;
  rrPort: number;
  /** The client process whose CPU is counted; none for the direct baseline. */
  child?: ChildProcess;
  cipher: string;
}

export interface Targets {
  bulkPort: number;
  rrPort: number;
}

export const TOOL_NAMES = ['tunnelkeeper', 'tk (no native)', 'ssh -L', 'plink -L', 'no tunnel'];
/** Also known, run only when BENCH_TOOLS names it: V8's default (parallel) GC instead of the bin's flag. */
export const EXTRA_TOOL_NAMES = ['tk (default GC)'];

/** Makes ssh2 fall back to its JavaScript crypto, to show what the native binding buys. */
function noNativeHook(): string {
  const file = path.join(work, 'no-native.cjs');
  writeFileSync(
    file,
    `const M = require('module'); const load = M._load;
     M._load = function (request, ...rest) { if (String(request).includes('sshcrypto.node')) throw new Error('native crypto disabled for the benchmark'); return load.call(this, request, ...rest); };`,
  );
  return file;
}

async function tunnelkeeper(
  name: string,
  sshd: SshdHandle,
  targets: Targets,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<Tool> {
  const [bulkPort, rrPort] = await freePorts(2);
  const tk = await startTk(
    tkConfig(sshd, [
      {
        id: 'bench',
        forwards: [
          { id: 'bulk', bindPort: bulkPort!, targetPort: targets.bulkPort },
          { id: 'rr', bindPort: rrPort!, targetPort: targets.rrPort },
        ],
      },
    ]),
    1,
    env,
    nodeArgs,
  );
  return {
    name,
    bulkPort: bulkPort!,
    rrPort: rrPort!,
    child: tk.child,
    cipher: tkCipher(tk.dir, 'bench'),
  };
}

/**
 * An external client (ssh, plink) forwarding both ports: `options` are its own flags before the
 * `-L`s; `cipher` finds the negotiated cipher in its verbose output.
 */
async function external(
  name: string,
  command: string,
  options: string[],
  sshd: SshdHandle,
  targets: Targets,
  cipher: RegExp,
): Promise<Tool> {
  const [bulkPort, rrPort] = (await freePorts(2)) as [number, number];
  const s = spawnLogged(command, [
    ...options,
    '-L',
    `${bulkPort}:127.0.0.1:${targets.bulkPort}`,
    '-L',
    `${rrPort}:127.0.0.1:${targets.rrPort}`,
    `${sshd.user}@127.0.0.1`,
  ]);
  await waitForPort(rrPort, s.child);
  return { name, bulkPort, rrPort, child: s.child, cipher: cipher.exec(s.stderr())?.[1] ?? '?' };
}

function openssh(sshd: SshdHandle, targets: Targets): Promise<Tool> {
  const options = ['-v', '-N', '-p', String(sshd.port), '-i', sshd.clientKeyPath];
  for (const o of [
    'StrictHostKeyChecking=no',
    'UserKnownHostsFile=/dev/null',
    'BatchMode=yes',
    'ExitOnForwardFailure=yes',
  ])
    options.push('-o', o);
  return external('ssh -L', 'ssh', options, sshd, targets, /cipher: (\S+)/);
}

function plink(sshd: SshdHandle, targets: Targets): Promise<Tool> {
  const ppk = path.join(work, 'client.ppk');
  execFileSync('puttygen', [sshd.clientKeyPath, '-O', 'private', '-o', ppk]);
  const options = ['-ssh', '-v', '-batch', '-N', '-P', String(sshd.port), '-i', ppk];
  options.push('-hostkey', sshd.hostKeyFingerprint);
  return external(
    'plink -L',
    'plink',
    options,
    sshd,
    targets,
    /Initialised (.+?) (?:outbound|client->server) encryption/,
  );
}

/** Starts the tools named in `names` (all of TOOL_NAMES by default), in that order. */
export async function startTools(
  sshd: SshdHandle,
  targets: Targets,
  names: string[] = TOOL_NAMES,
): Promise<Tool[]> {
  const tools: Tool[] = [];
  for (const name of names) {
    if (name === 'tunnelkeeper') tools.push(await tunnelkeeper(name, sshd, targets, {}));
    else if (name === 'tk (no native)')
      tools.push(
        await tunnelkeeper(name, sshd, targets, { NODE_OPTIONS: `--require ${noNativeHook()}` }),
      );
    else if (name === 'tk (default GC)')
      tools.push(await tunnelkeeper(name, sshd, targets, {}, ['--no-single-threaded-gc']));
    else if (name === 'ssh -L') tools.push(await openssh(sshd, targets));
    else if (name === 'plink -L') tools.push(await plink(sshd, targets));
    else if (name === 'no tunnel')
      tools.push({ name, bulkPort: targets.bulkPort, rrPort: targets.rrPort, cipher: '-' });
    else
      throw new Error(
        `unknown tool "${name}"; known: ${[...TOOL_NAMES, ...EXTRA_TOOL_NAMES].join(', ')}`,
      );
  }
  return tools;
}

export async function stopTools(tools: Tool[]): Promise<void> {
  for (const t of tools) if (t.child) await stop(t.child);
}
