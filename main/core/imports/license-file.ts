import { logicalLines } from './text';
import { ImportError } from './types';

/**
 * What a FlexLM or RLM license file says about ports: the license servers (SERVER/HOST lines)
 * and the vendor daemons / ISV servers (VENDOR, DAEMON, ISV) that belong to them. A file may
 * hold several servers (redundant triads, or several products concatenated); a vendor line
 * belongs to the servers listed before it.
 */
export type LicenseKind = 'flexlm' | 'rlm';

export interface LicenseServer {
  host: string;
  port?: number;
  line: number;
}
export interface LicenseVendor {
  name: string;
  port?: number;
  line: number;
}
export interface LicenseGroup {
  servers: LicenseServer[];
  vendors: LicenseVendor[];
}
export interface LicenseModel {
  kind: LicenseKind;
  groups: LicenseGroup[];
  /** Lines that looked like server/vendor lines but could not be read. */
  problems: { line: number; message: string }[];
}

export interface LicenseSyntax {
  kind: LicenseKind;
  serverWords: readonly string[];
  vendorWords: readonly string[];
  parseServer: (args: string[]) => { host: string; port?: number } | string;
  parseVendor: (args: string[]) => { name: string; port?: number } | string;
}

export function portValue(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** `port=N` in any case, as both FlexLM and RLM accept it. */
export function keywordPort(args: string[]): number | undefined | 'bad' {
  const kw = args.find((a) => /^port=/i.test(a));
  if (kw === undefined) return undefined;
  return portValue(kw.slice(5)) ?? 'bad';
}

export function readLicenseFile(text: string, syntax: LicenseSyntax): LicenseModel {
  const model: LicenseModel = { kind: syntax.kind, groups: [], problems: [] };
  let group: LicenseGroup | undefined;
  let lastWasServer = false;
  // Both formats continue a line with a trailing backslash (long FEATURE/LICENSE lines).
  const lines = logicalLines(text, (l) =>
    /\\\s*$/.test(l) ? l.replace(/\\\s*$/, ' ') : undefined,
  );
  for (const { text: line, line: number } of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [word = '', ...args] = trimmed.split(/\s+/);
    const keyword = word.toUpperCase();
    if (syntax.serverWords.includes(keyword)) {
      const server = syntax.parseServer(args);
      if (typeof server === 'string')
        model.problems.push({ line: number, message: `${word}: ${server}` });
      else {
        if (!group || !lastWasServer) model.groups.push((group = { servers: [], vendors: [] }));
        group.servers.push({ ...server, line: number });
        lastWasServer = true;
      }
      continue;
    }
    if (syntax.vendorWords.includes(keyword)) {
      const vendor = syntax.parseVendor(args);
      if (typeof vendor === 'string')
        model.problems.push({ line: number, message: `${word}: ${vendor}` });
      else {
        if (!group) model.groups.push((group = { servers: [], vendors: [] }));
        group.vendors.push({ ...vendor, line: number });
      }
    }
    lastWasServer = false;
  }
  if (!model.groups.some((g) => g.servers.length > 0)) {
    const what = syntax.kind === 'flexlm' ? 'SERVER' : 'HOST';
    const problems = model.problems.map((p) => ` (line ${p.line}: ${p.message})`).join('');
    throw new ImportError(
      `no readable ${what} line: this is not ${syntax.kind === 'flexlm' ? 'a FlexLM' : 'an RLM'} license file for a license server (node-locked licenses need no tunnel)${problems}`,
      'no-license-server',
    );
  }
  return model;
}
