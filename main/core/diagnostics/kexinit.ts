// Default import: ssh2 is CommonJS, and named-export detection on it is not reliable.
import ssh2Constants from 'ssh2/lib/protocol/constants.js';
import { resolveAlgorithms, type AlgorithmSpec } from '../config/algorithms';

const { DEFAULT_CIPHER, DEFAULT_COMPRESSION, DEFAULT_KEX, DEFAULT_MAC, DEFAULT_SERVER_HOST_KEY } =
  ssh2Constants;

/** The algorithm offers of one side's SSH_MSG_KEXINIT (RFC 4253 §7.1). */
export interface KexOffer {
  kex: string[];
  hostKey: string[];
  cipherCs: string[];
  cipherSc: string[];
  macCs: string[];
  macSc: string[];
  compressionCs: string[];
  compressionSc: string[];
}

export type KexCategory = 'kex' | 'hostKey' | 'cipher' | 'mac' | 'compression';

const SSH_MSG_KEXINIT = 20;

/** Parses a KEXINIT payload; undefined when it is not one (or is malformed). */
export function parseKexinit(payload: Buffer): KexOffer | undefined {
  if (payload[0] !== SSH_MSG_KEXINIT) return undefined;
  let pos = 17; // message byte + 16-byte cookie
  const lists: string[][] = [];
  for (let i = 0; i < 8; i++) {
    if (pos + 4 > payload.length) return undefined;
    const length = payload.readUInt32BE(pos);
    pos += 4;
    if (pos + length > payload.length) return undefined;
    const text = payload.subarray(pos, pos + length).toString('latin1');
    pos += length;
    lists.push(text ? text.split(',') : []);
  }
  const [kex, hostKey, cipherCs, cipherSc, macCs, macSc, compressionCs, compressionSc] = lists as [
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
    string[],
  ];
  return { kex, hostKey, cipherCs, cipherSc, macCs, macSc, compressionCs, compressionSc };
}

/**
 * What ssh2 (the tunnel engine) offers: its default lists, or the profile's overrides. Pseudo-algorithms that
 * signal extensions (ext-info-c, kex-strict-*) are no real choice and are left out.
 */
export function clientOffer(spec?: AlgorithmSpec): KexOffer {
  const lists = resolveAlgorithms(spec);
  const kex = (lists.kex ?? DEFAULT_KEX).filter((name) => !/^(ext-info-|kex-strict-)/.test(name));
  const cipher = lists.cipher ?? DEFAULT_CIPHER;
  const mac = lists.hmac ?? DEFAULT_MAC;
  return {
    kex,
    hostKey: [...(lists.serverHostKey ?? DEFAULT_SERVER_HOST_KEY)],
    cipherCs: [...cipher],
    cipherSc: [...cipher],
    macCs: [...mac],
    macSc: [...mac],
    compressionCs: [...DEFAULT_COMPRESSION],
    compressionSc: [...DEFAULT_COMPRESSION],
  };
}

function firstCommon(client: string[], server: string[]): string | undefined {
  return client.find((name) => server.includes(name));
}

const isRealKex = (name: string) => !/^(ext-info-|kex-strict-)/.test(name);

/** AEAD ciphers carry their own integrity: no MAC is negotiated with them. */
const isAead = (cipher: string | undefined) =>
  cipher !== undefined && /gcm|chacha20-poly1305/.test(cipher);

export interface Negotiation {
  kex?: string;
  hostKey?: string;
  cipher?: string;
  mac?: string;
  /** The first category with nothing in common, with both sides' lists. */
  mismatch?: { category: KexCategory; client: string[]; server: string[] };
}

/** Negotiates as RFC 4253 §7.1 does: the client's first choice the server also offers. */
export function negotiate(client: KexOffer, server: KexOffer): Negotiation {
  const serverKex = server.kex.filter(isRealKex);
  const kex = firstCommon(client.kex, serverKex);
  if (!kex) return { mismatch: { category: 'kex', client: client.kex, server: serverKex } };
  const hostKey = firstCommon(client.hostKey, server.hostKey);
  if (!hostKey)
    return {
      kex,
      mismatch: { category: 'hostKey', client: client.hostKey, server: server.hostKey },
    };
  const cipherCs = firstCommon(client.cipherCs, server.cipherCs);
  const cipherSc = firstCommon(client.cipherSc, server.cipherSc);
  if (!cipherCs || !cipherSc) {
    const server_ = !cipherCs ? server.cipherCs : server.cipherSc;
    return {
      kex,
      hostKey,
      mismatch: { category: 'cipher', client: client.cipherCs, server: server_ },
    };
  }
  const macCs = isAead(cipherCs) ? 'implicit' : firstCommon(client.macCs, server.macCs);
  const macSc = isAead(cipherSc) ? 'implicit' : firstCommon(client.macSc, server.macSc);
  if (!macCs || !macSc) {
    const server_ = !macCs ? server.macCs : server.macSc;
    return {
      kex,
      hostKey,
      cipher: cipherCs,
      mismatch: { category: 'mac', client: client.macCs, server: server_ },
    };
  }
  const compCs = firstCommon(client.compressionCs, server.compressionCs);
  const compSc = firstCommon(client.compressionSc, server.compressionSc);
  if (!compCs || !compSc) {
    const server_ = !compCs ? server.compressionCs : server.compressionSc;
    return {
      kex,
      hostKey,
      cipher: cipherCs,
      mac: macCs,
      mismatch: { category: 'compression', client: client.compressionCs, server: server_ },
    };
  }
  return { kex, hostKey, cipher: cipherCs, mac: macCs };
}
