import {
  keywordPort,
  portValue,
  readLicenseFile,
  type LicenseModel,
  type LicenseSyntax,
} from './license-file';

/**
 * RLM (Reprise): `HOST host hostid [port]` (port 5053 when absent) and
 * `ISV name [binary [options [port]]]` or with `binary= options= port=` keywords.
 */
export const RLM_DEFAULT_PORT = 5053;

export const RLM_SYNTAX: LicenseSyntax = {
  kind: 'rlm',
  serverWords: ['HOST', 'SERVER'],
  vendorWords: ['ISV'],
  parseServer(args) {
    const [host, hostid, third] = args;
    if (!host || !hostid) return 'expected HOST <host> <hostid> [port]';
    if (third === undefined) return { host, port: RLM_DEFAULT_PORT };
    const port = portValue(third) ?? keywordPort(args.slice(2));
    if (port === undefined || port === 'bad') return `port ${third} is not a port number 1-65535`;
    return { host, port };
  },
  parseVendor(args) {
    const [name, ...rest] = args;
    if (!name) return 'no ISV name';
    const kw = keywordPort(rest);
    if (kw === 'bad') return `ISV ${name}: port= is not a port number`;
    const positional = rest.filter((a) => !a.includes('='));
    const port = kw ?? positional.map(portValue).find((p) => p !== undefined);
    return port === undefined ? { name } : { name, port };
  },
};

export function readRlm(text: string): LicenseModel {
  return readLicenseFile(text, RLM_SYNTAX);
}
