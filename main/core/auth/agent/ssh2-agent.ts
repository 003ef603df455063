/**
 * The built-in agent as an ssh2 agent object: `new Client().connect({ agent: new
 * KeyringAgent(keyring) })` authenticates with keys unlocked in Tunnelkeeper, with no socket
 * in between (nothing else on the machine can reach them this way).
 */
import { BaseAgent, type ParsedKey } from 'ssh2';
import { utils } from 'ssh2';
import type { Keyring } from './keyring';
import { SIGN_FLAGS } from './wire';

type SignCallback = (err: Error | undefined, signature?: Buffer) => void;

export class KeyringAgent extends BaseAgent<ParsedKey> {
  constructor(private readonly keyring: Keyring) {
    super();
  }

  getIdentities(cb: (err: Error | undefined, publicKeys?: ParsedKey[]) => void): void {
    const keys: ParsedKey[] = [];
    for (const { blob } of this.keyring.identities()) {
      const parsed = utils.parseKey(blob);
      if (!(parsed instanceof Error)) keys.push(Array.isArray(parsed) ? parsed[0]! : parsed);
    }
    cb(undefined, keys);
  }

  sign(
    pubKey: ParsedKey,
    data: Buffer,
    options: { hash?: string } | SignCallback,
    cb?: SignCallback,
  ): void {
    const done = typeof options === 'function' ? options : cb!;
    const hash = typeof options === 'function' ? undefined : options?.hash;
    const flags =
      hash === 'sha512' ? SIGN_FLAGS.RSA_SHA2_512 : hash === 'sha256' ? SIGN_FLAGS.RSA_SHA2_256 : 0;
    try {
      // ssh2 prefixes the algorithm name itself and takes ECDSA as mpint r ‖ mpint s as is.
      done(undefined, this.keyring.signRaw(pubKey.getPublicSSH(), data, flags));
    } catch (error) {
      done(error as Error);
    }
  }
}
