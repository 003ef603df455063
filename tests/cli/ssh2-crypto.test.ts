import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../helpers/cli-process';
import { freePort } from '../helpers/ports';
import { startSshd, type SshdHandle } from '../helpers/sshd';
import {
  randomPayload,
  roundTrip,
  sha256,
  startEchoServer,
  type TargetServer,
} from '../helpers/targets';

/**
 * The bundle skips ssh2's WebAssembly Poly1305 when ssh2's native binding does the work
 * (scripts/build-cli.mjs): ChaCha20-Poly1305 must still carry bytes with the binding, and
 * without it (a machine where ssh2's native build failed) the WebAssembly one must still load.
 * A preloaded hook counts WebAssembly instantiations and, for the second case, refuses every
 * native module.
 */
const HOOK = `'use strict';
const fs = require('node:fs');
let instantiated = 0;
for (const name of ['instantiate', 'instantiateStreaming', 'compile']) {
  const original = WebAssembly[name];
  WebAssembly[name] = function (...args) {
    instantiated++;
    return original.apply(this, args);
  };
}
if (process.env.TK_TEST_NO_BINDING === '1') {
  require('node:module')._extensions['.node'] = () => {
    throw new Error('native modules refused by the test');
  };
}
process.on('exit', () => fs.writeFileSync(process.env.TK_TEST_WASM_COUNT, String(instantiated)));
`;

describe('ChaCha20-Poly1305 through the CLI bundle, with and without ssh2’s native binding', () => {
  let sshd: SshdHandle;
  let echo: TargetServer;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd();
    echo = await startEchoServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'tk-cli-crypto-'));
    writeFileSync(path.join(dir, 'hook.cjs'), HOOK);
  });
  afterAll(async () => {
    await echo?.close();
    await sshd?.stop();
  });

  for (const binding of [true, false])
    it(`${binding ? 'with' : 'without'} the binding: bytes intact, WebAssembly ${binding ? 'never instantiated' : 'loaded'}`, async () => {
      const name = binding ? 'with' : 'without';
      const localPort = await freePort();
      const config = path.join(dir, `${name}.json`);
      writeFileSync(
        config,
        JSON.stringify({
          version: 1,
          profiles: [
            {
              id: `chacha-${name}`,
              name: `ChaCha20 ${name} the binding`,
              host: sshd.host,
              port: sshd.port,
              user: sshd.user,
              auth: { keyFile: sshd.clientKeyPath },
              hostKey: { pinned: [sshd.hostKeyFingerprint] },
              algorithms: { cipher: 'chacha20-poly1305@openssh.com' },
              forwards: [
                {
                  type: 'local',
                  id: 'echo',
                  bindPort: localPort,
                  targetHost: '127.0.0.1',
                  targetPort: echo.port,
                },
              ],
            },
          ],
        }),
      );
      const count = path.join(dir, `${name}.count`);
      const data = path.join(dir, `${name}-data`);
      const up = startCli(['up', '--config', config, '--json'], {
        TUNNELKEEPER_RUNTIME_DIR: path.join(dir, `${name}-run`),
        TUNNELKEEPER_DATA_DIR: data,
        NODE_OPTIONS: `--require ${path.join(dir, 'hook.cjs')}`,
        TK_TEST_WASM_COUNT: count,
        TK_TEST_NO_BINDING: binding ? '0' : '1',
      });
      try {
        await up.waitForLine((l) => l.type === 'state' && l.state === 'connected');
        const payload = randomPayload(512 * 1024);
        expect(sha256(await roundTrip(localPort, payload))).toBe(sha256(payload));
      } finally {
        up.child.kill('SIGTERM');
      }
      expect(await up.exited).toMatchObject({ code: 0 });
      const log = readFileSync(path.join(data, 'logs', `chacha-${name}.log`), 'utf8');
      expect(log).toMatch(/handshake done \([^,]+, chacha20-poly1305@openssh\.com\)/);
      expect(existsSync(count)).toBe(true);
      const instantiated = Number(readFileSync(count, 'utf8'));
      if (binding) expect(instantiated).toBe(0);
      else expect(instantiated).toBeGreaterThan(0);
    });
});
