import type { KdfLimits } from './ppk-crypto';
import type { PrivateKey, PublicKey } from './model';

/** Names as `keys info --json` reports them (cli.md); `pem-dsa` is our addition for DSA PEM. */
export type KeyFormat =
  | 'ppk3'
  | 'ppk2'
  | 'openssh'
  | 'pem-pkcs1'
  | 'pem-sec1'
  | 'pem-dsa'
  | 'pem-pkcs8'
  | 'sshcom'
  | 'openssh-public'
  | 'rfc4716-public';

export interface ReadOptions {
  passphrase?: string;
  kdfLimits?: KdfLimits;
}

export interface ReadResult {
  format: KeyFormat;
  encrypted: boolean;
  public: PublicKey;
  /** Absent for public-key files and for encrypted files read without a passphrase. */
  private?: PrivateKey;
}
