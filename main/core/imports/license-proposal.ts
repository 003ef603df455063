import { NO_VENDOR_PORT, productOf } from './known-ports';
import type { LicenseModel } from './license-file';
import {
  ImportError,
  newDraft,
  warn,
  type Draft,
  type ImportOptions,
  type ImportWarning,
} from './types';

/**
 * A license file → one proposed profile: one remote forward per license port and per vendor/ISV
 * port, each to the license host, so that the provider's proxy can reach them
 * (`-R 1055:licsrv:1055`). Two hosts on the same port get distinct proxy ports, as the provider
 * asks. The license file cannot say which SSH server to tunnel to: that comes from
 * `--host`, or a placeholder that can never resolve is used and the admin is told.
 */
export const PLACEHOLDER_HOST = 'license-proxy.invalid';
/** lmgrd takes the first free port of 27000-27009 when the SERVER line names none. */
const FLEXLM_DEFAULT_PORT = 27000;

export function parseTunnelHost(
  text: string,
): { user?: string; host: string; port?: number } | undefined {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::([0-9]{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return {
    host: (m[2] as string).replace(/^\[|\]$/g, ''),
    ...(m[1] ? { user: m[1] } : {}),
    ...(port ? { port } : {}),
  };
}

export function proposeLicenseProfile(
  model: LicenseModel,
  options: ImportOptions,
): { drafts: Draft[]; warnings: ImportWarning[] } {
  const draft = newDraft();
  const flex = model.kind === 'flexlm';
  const kindName = flex ? 'FlexLM' : 'RLM';
  const vendorWord = flex ? 'VENDOR' : 'ISV';
  const warnings: ImportWarning[] = model.problems.map((p) => ({
    code: 'malformed-line',
    message: `line ${p.line} was skipped: ${p.message}`,
    line: p.line,
  }));
  const hosts: string[] = [];
  const unpinned: { vendor: string; line: number; near: number }[] = [];
  // proxy port → the target it carries, to detect two targets on one proxy port
  const used = new Map<number, string>();
  const add = (host: string, port: number, label: string, line: number): void => {
    const target = `${host}:${port}`;
    if ([...used.values()].includes(target)) return; // already forwarded (several SERVER groups)
    let bindPort = port;
    while (used.has(bindPort) && bindPort < 65535) bindPort++;
    if (bindPort !== port)
      draft.warnings.push({
        code: 'proxy-port-remapped',
        message: `${target} is forwarded from proxy port ${bindPort}, because proxy port ${port} already carries ${used.get(port)}; use ${bindPort} for ${host} in the provider's settings`,
        line,
      });
    used.set(bindPort, target);
    draft.forwards.push({ type: 'remote', bindPort, targetHost: host, targetPort: port, label });
  };
  for (const group of model.groups) {
    const vendorNames = group.vendors.map((v) => v.name);
    for (const server of group.servers) {
      let host = server.host;
      if (host.toLowerCase() === 'this_host') {
        host = 'localhost';
        draft.warnings.push({
          code: 'this-host',
          message: `line ${server.line}: the license file says "this_host" instead of the server's name; localhost is used, which is right only when the tunnel runs on the license server itself`,
          line: server.line,
        });
      }
      if (!hosts.includes(host)) hosts.push(host);
      let port = server.port;
      if (port === undefined) {
        port = FLEXLM_DEFAULT_PORT;
        draft.warnings.push({
          code: 'license-port-not-pinned',
          message: `line ${server.line}: SERVER ${server.host} names no port, so lmgrd takes the first free port of 27000-27009; ${port} is proposed. Fix: write the port at the end of the SERVER line (SERVER ${server.host} <hostid> ${port}) and restart the license service`,
          line: server.line,
        });
      }
      const product = productOf(port, vendorNames);
      add(host, port, `${kindName} license port${product ? ` (${product})` : ''}`, server.line);
      for (const vendor of group.vendors) {
        if (vendor.port !== undefined) {
          add(host, vendor.port, `${flex ? 'vendor daemon' : 'ISV'} ${vendor.name}`, vendor.line);
          continue;
        }
        if (NO_VENDOR_PORT.has(vendor.name.toLowerCase()) || server !== group.servers[0]) continue;
        unpinned.push({ vendor: vendor.name, line: vendor.line, near: port });
      }
    }
  }
  for (const { vendor, line, near } of unpinned) {
    // Suggest a port that none of the proposed forwards uses.
    let example = near + 1;
    while (used.has(example)) example++;
    draft.warnings.push({
      code: 'vendor-port-not-pinned',
      message: `line ${line}: ${vendorWord} ${vendor} has no port=, so its port changes whenever the license server restarts and the tunnel then stops working ("license server up, vendor daemon down"). Fix: add a fixed port to the line (for example ${vendorWord} ${vendor} port=${example}, a port no other service uses), restart the license service, and import the file again`,
      line,
    });
  }
  draft.name = `${kindName} license tunnel (${hosts.join(', ')})`;
  const tunnel = options.tunnelHost ? parseTunnelHost(options.tunnelHost) : undefined;
  if (options.tunnelHost && !tunnel)
    throw new ImportError(
      `--host "${options.tunnelHost}" is not [user@]host[:port]`,
      'bad-tunnel-host',
    );
  if (tunnel) {
    draft.host = tunnel.host;
    if (tunnel.user) draft.user = tunnel.user;
    if (tunnel.port) draft.port = tunnel.port;
  } else {
    draft.host = PLACEHOLDER_HOST;
    warn(
      draft,
      'tunnel-host-needed',
      `a license file does not say which SSH server (the provider's license proxy) to tunnel to; the placeholder ${PLACEHOLDER_HOST} was used: set the host and user in the profile, or import with --host user@proxy`,
    );
  }
  if (options.keyFile) draft.keyFile = options.keyFile;
  return { drafts: [draft], warnings };
}
