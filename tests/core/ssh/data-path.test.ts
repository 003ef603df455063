import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostKeyCheck } from '../../../main/core/auth/host-key';
import { SshConnection } from '../../../main/core/ssh/connection';
import { poolPadding } from '../../../main/core/ssh/padding';
import { startSshd, type SshdHandle } from '../../helpers/sshd';

/** ssh2's own cipher and decipher classes: what data-path.ts changes must stay compatible with. */
interface Info {
  keyLen: number;
  ivLen: number;
}
interface Cipher {
  allocPacket(payloadLen: number): Buffer;
  encrypt(packet: Buffer): void;
}
const ssh2Crypto = createRequire(import.meta.url)('ssh2/lib/protocol/crypto.js') as {
  CIPHER_INFO: Record<string, Info>;
  MAC_INFO: Record<string, Info & { len: number }>;
  createCipher(config: object): Cipher;
  createDecipher(config: object): { decrypt(data: Buffer, p: number, len: number): void };
};

/** A cipher and a decipher with the same keys, as the two ends of a session would have. */
function pair(cipherName: string, macName: string | undefined, forceNative: boolean) {
  const cipherInfo = ssh2Crypto.CIPHER_INFO[cipherName]!;
  const macInfo = macName ? ssh2Crypto.MAC_INFO[macName]! : undefined;
  const cipherKey = Buffer.alloc(cipherInfo.keyLen, 7);
  const cipherIV = Buffer.alloc(cipherInfo.ivLen, 9);
  const macKey = macInfo ? Buffer.alloc(macInfo.len, 5) : undefined;
  const written: Buffer[] = [];
  const payloads: Buffer[] = [];
  const cipher = ssh2Crypto.createCipher({
    outbound: {
      onWrite: (data: Buffer) => written.push(Buffer.from(data)),
      cipherInfo,
      cipherKey,
      cipherIV,
      seqno: 0,
      macInfo,
      macKey,
      forceNative,
    },
  });
  const decipher = ssh2Crypto.createDecipher({
    inbound: {
      onPayload: (payload: Buffer) => void payloads.push(Buffer.from(payload)),
      decipherInfo: cipherInfo,
      // Copies: ssh2's JS AES-GCM counts its invocation field in the IV buffer it was given.
      decipherKey: Buffer.from(cipherKey),
      decipherIV: Buffer.from(cipherIV),
      seqno: 0,
      macInfo,
      macKey: macKey && Buffer.from(macKey),
      forceNative,
    },
  });
  return { cipher, decipher, written, payloads };
}

const CIPHERS: [string, string | undefined][] = [
  ['aes128-gcm@openssh.com', undefined],
  ['aes256-gcm@openssh.com', undefined],
  ['chacha20-poly1305@openssh.com', undefined],
  ['aes128-ctr', 'hmac-sha2-256'],
  ['aes256-ctr', 'hmac-sha2-512-etm@openssh.com'],
  ['aes128-cbc', 'hmac-sha1'],
];

describe('pooled packet padding', () => {
  for (const [cipherName, macName] of CIPHERS)
    for (const forceNative of [false, true])
      it(`${cipherName}${macName ? ` + ${macName}` : ''} (${forceNative ? 'JS' : 'binding'}): installed, and ssh2's decipher reads every packet`, () => {
        const { cipher, decipher, written, payloads } = pair(cipherName, macName, forceNative);
        const own = cipher.allocPacket;
        poolPadding({ _protocol: { _cipher: cipher } } as unknown as Client);
        expect(cipher.allocPacket).not.toBe(own);

        const sent: Buffer[] = [];
        for (const n of [0, 1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 100, 1000, 32_768]) {
          const payload = Buffer.alloc(n, n & 0xff);
          const packet = cipher.allocPacket(n);
          payload.copy(packet, 5);
          cipher.encrypt(packet);
          sent.push(payload);
        }
        const stream = Buffer.concat(written);
        // One byte at a time would be slow for 32 KiB; the decipher buffers partial packets.
        for (let p = 0; p < stream.length; p += 1000)
          decipher.decrypt(stream, p, Math.min(stream.length, p + 1000));
        expect(payloads).toEqual(sent);
      });

  it('the padding keeps coming from the CSPRNG past the pool’s end (no repeats)', () => {
    const { cipher } = pair('aes128-gcm@openssh.com', undefined, false);
    poolPadding({ _protocol: { _cipher: cipher } } as unknown as Client);
    const pads = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const packet = cipher.allocPacket(0);
      const padLen = packet[4]!;
      pads.add(packet.subarray(5, 5 + padLen).toString('hex'));
    }
    expect(pads.size).toBe(2000);
  });

  it('a cipher laid out otherwise keeps its own allocPacket', () => {
    const odd = {
      allocPacket(n: number) {
        const packet = Buffer.alloc(5 + n + 7 + (n % 3));
        packet.writeUInt32BE(packet.length - 4, 0);
        packet[4] = 7 + (n % 3);
        return packet;
      },
    };
    const own = odd.allocPacket;
    poolPadding({ _protocol: { _cipher: odd } } as unknown as Client);
    expect(odd.allocPacket).toBe(own);
    poolPadding({} as Client);
    poolPadding({ _protocol: {} } as unknown as Client);
  });
});

describe('a real session', () => {
  let sshd: SshdHandle;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('runs with pooled padding on the negotiated cipher', async () => {
    const hostKey: HostKeyCheck = {
      verify: () => true,
      verdict: () => 'ok',
      presented: () => undefined,
      knownTypes: [],
      commit: async () => undefined,
    };
    const connection = new SshConnection({ hostKey, hooks: { log: () => undefined } });
    connection.connect({
      host: sshd.host,
      port: sshd.port,
      username: sshd.user,
      privateKey: readFileSync(sshd.clientKeyPath),
    });
    const client = await connection.ready;
    const internals = client as unknown as { _protocol: { _cipher: object } };
    expect(Object.hasOwn(internals._protocol._cipher, 'allocPacket')).toBe(true);
    const output = await new Promise<string>((resolve, reject) =>
      client.exec('echo pooled', (error, stream) => {
        if (error) return reject(error);
        let out = '';
        stream.on('data', (c: Buffer) => (out += c.toString()));
        stream.on('close', () => resolve(out));
      }),
    );
    expect(output.trim()).toBe('pooled');
    connection.end();
    await connection.closed;
  });
});
