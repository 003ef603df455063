// ssh2 ships no types for its protocol constants; only the algorithm lists are used here.
declare module 'ssh2/lib/protocol/constants.js' {
  const constants: {
    DEFAULT_KEX: string[];
    DEFAULT_SERVER_HOST_KEY: string[];
    DEFAULT_CIPHER: string[];
    DEFAULT_MAC: string[];
    DEFAULT_COMPRESSION: string[];
  };
  export default constants;
}
