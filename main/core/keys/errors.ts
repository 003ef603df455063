/** Why a key could not be used; each maps to one user-facing message and CLI exit 1. */
export type KeyErrorCode =
  | 'key-unreadable' // missing file, unknown format, truncated or malformed content
  | 'key-locked' // encrypted and no passphrase given
  | 'wrong-passphrase'
  | 'corrupt' // MAC / checksum failure with the right passphrase, or inconsistent key parts
  | 'unsupported'; // a format or key type we recognise but cannot handle

export class KeyError extends Error {
  constructor(
    readonly code: KeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyError';
  }
}
