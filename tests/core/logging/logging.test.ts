import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../main/core/logging/redact';
import { RingBuffer } from '../../../main/core/logging/ring';
import { TunnelLog } from '../../../main/core/logging/tunnel-log';

describe('logging', () => {
  it('the ring keeps only the newest entries, in order', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.size).toBe(2);
    for (let i = 3; i <= 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    for (let i = 6; i <= 10; i++) ring.push(i);
    expect(ring.toArray()).toEqual([8, 9, 10]);
    expect(ring.size).toBe(3);
  });

  it('redacts registered secrets, key blocks and password assignments', () => {
    const text =
      'pass=hunter22 key -----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY----- and s3cr3t-phrase';
    const out = redact(text, ['s3cr3t-phrase']);
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('abc');
    expect(out).not.toContain('s3cr3t-phrase');
  });

  it('writes timestamped lines to a rotating file, scrubbed, and keeps a bounded memory copy', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tk-log-'));
    const log = new TunnelLog('lic', { logDir: dir, capacity: 10, maxBytes: 2000, keep: 2 });
    log.addSecrets(['topsecret']);
    for (let i = 0; i < 100; i++) log.write('info', `line ${i} topsecret`);
    await log.flush();
    expect(log.entries()).toHaveLength(10);
    expect(log.entries().at(-1)!.message).toBe('line 99 ***');
    const current = readFileSync(path.join(dir, 'lic.log'), 'utf8');
    expect(current).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO {2}line \d+ \*\*\*$/m);
    expect(current).not.toContain('topsecret');
    expect(current.length).toBeLessThanOrEqual(2000);
    expect(existsSync(path.join(dir, 'lic.log.1'))).toBe(true);
    expect(existsSync(path.join(dir, 'lic.log.3'))).toBe(false);
  });
});
