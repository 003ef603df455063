import {
  keywordPort,
  portValue,
  readLicenseFile,
  type LicenseModel,
  type LicenseSyntax,
} from './license-file';

/**
 * FlexLM / FlexNet: `SERVER host hostid [port]` (also `TCP:port`, `PORT=port`) and
 * `VENDOR name [path] [[OPTIONS=]file] [[PORT=]port]`, older files `DAEMON name path [options]`.
 */
function vendor(args: string[]): { name: string; port?: number } | string {
  const [name, ...rest] = args;
  if (!name) return 'no vendor daemon name';
  const kw = keywordPort(rest);
  if (kw === 'bad') return `vendor ${name}: port= is not a port number`;
  const port = kw ?? rest.map(portValue).find((p) => p !== undefined);
  return port === undefined ? { name } : { name, port };
}

export const FLEXLM_SYNTAX: LicenseSyntax = {
  kind: 'flexlm',
  serverWords: ['SERVER'],
  vendorWords: ['VENDOR', 'DAEMON'],
  parseServer(args) {
    const [host, hostid, third] = args;
    if (!host || !hostid) return 'expected SERVER <host> <hostid> [port]';
    const kw = keywordPort(args.slice(2));
    if (kw === 'bad') return 'PORT= is not a port number';
    const text = third?.replace(/^TCP:/i, '');
    const port = kw ?? portValue(text);
    if (port === undefined && text !== undefined && /^[0-9]+$/.test(text))
      return `port ${third} is not a port number 1-65535`;
    return port === undefined ? { host } : { host, port };
  },
  parseVendor: vendor,
};

export function readFlexlm(text: string): LicenseModel {
  return readLicenseFile(text, FLEXLM_SYNTAX);
}
