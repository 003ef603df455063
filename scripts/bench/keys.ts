/**
 * Unlocking a default puttygen PPK v3 (Argon2id, 8 MiB, puttygen's time-calibrated passes):
 * our reader (hash-wasm Argon2 + AES + MAC) against `puttygen` decrypting the same file.
 * Target: ours ≤ 1.2 × puttygen. Run: npx tsx scripts/bench/keys.ts [runs]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readKey } from '../../main/core/keys/read';

const RUNS = Number(process.argv[2] ?? 7);
const PASSPHRASE = 'benchmark passphrase';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-bench-keys-'));
  try {
    const passFile = path.join(dir, 'pass');
    writeFileSync(passFile, `${PASSPHRASE}\n`);
    const ppk = path.join(dir, 'key.ppk');
    execFileSync('puttygen', ['-q', '-t', 'ed25519', '-o', ppk, '--new-passphrase', passFile]);
    const text = readFileSync(ppk, 'utf8');
    const params = ['Argon2-Memory', 'Argon2-Passes', 'Argon2-Parallelism'].map(
      (h) => new RegExp(`${h}: (\\d+)`).exec(text)?.[1],
    );

    // puttygen's start-up and parsing alone, to compare the unlock work without process costs.
    const plain = path.join(dir, 'plain.ppk');
    execFileSync('puttygen', [
      ppk,
      '--old-passphrase',
      passFile,
      '-P',
      '--new-passphrase',
      '/dev/null',
      '-o',
      plain,
    ]);
    await readKey(text, { passphrase: PASSPHRASE }); // warms up the WebAssembly module

    // Interleaved, so a busy machine slows both sides alike.
    const putty: number[] = [];
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      // puttygen must decrypt to print the private components (-O text); -L would not.
      execFileSync('puttygen', [ppk, '-O', 'text', '--old-passphrase', passFile], {
        stdio: 'ignore',
      });
      putty.push(performance.now() - t);
      t = performance.now();
      const result = await readKey(text, { passphrase: PASSPHRASE });
      if (!result.private) throw new Error('not unlocked');
      ours.push(performance.now() - t);
      t = performance.now();
      execFileSync('puttygen', [plain, '-O', 'text'], { stdio: 'ignore' });
      baseline.push(performance.now() - t);
    }
    const [p, o, b] = [median(putty), median(ours), median(baseline)];
    console.log(
      `PPK v3 unlock, Argon2id memory=${params[0]} KiB passes=${params[1]} parallelism=${params[2]}, ${RUNS} runs (median)`,
    );
    console.log(`  puttygen -O text (process incl. start-up): ${p.toFixed(1)} ms`);
    console.log(`  tunnelkeeper readKey (in process):          ${o.toFixed(1)} ms`);
    console.log(`  puttygen start-up without decryption:       ${b.toFixed(1)} ms`);
    console.log(
      `  ratio ours/puttygen: ${(o / p).toFixed(2)}× (target ≤ 1.20×) ${o / p <= 1.2 ? 'OK' : 'OVER TARGET'}`,
    );
    console.log(`  ratio against puttygen's decryption alone: ${(o / (p - b)).toFixed(2)}×`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
