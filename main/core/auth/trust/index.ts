/** Host-key trust: known_hosts store, pins, TOFU confirmation, imports, changed-key warning. */
export { decideTrust, type TrustLookup, type TrustStatus } from './decide';
export { importHostKeys, type ImportReport } from './import';
export { fetchHostKey } from './fetch';
export {
  formatKnownHost,
  hashHostName,
  parseHostPort,
  parseKnownHostsLines,
} from './known-hosts-file';
export { parsePuttyReg, puttyBlob, type PuttyHostKey } from './putty-reg';
export { defaultKnownHostsFile, TrustStore, type TrustListing } from './store';
export {
  HostKeyChangedError,
  TofuGate,
  type ConfirmMode,
  type HostCheck,
  type HostVerdict,
  type PendingConfirmation,
} from './tofu';
export { hostKeyChangedWarning } from './warning';
