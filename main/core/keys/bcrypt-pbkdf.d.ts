declare module 'bcrypt-pbkdf' {
  /** OpenBSD bcrypt_pbkdf; fills `key` and returns 0, or -1 on bad arguments. */
  export function pbkdf(
    pass: Uint8Array,
    passlen: number,
    salt: Uint8Array,
    saltlen: number,
    key: Uint8Array,
    keylen: number,
    rounds: number,
  ): number;
}
