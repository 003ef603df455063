import { EN } from './advice/messages.en';
import { msg } from './detail';
import type { Message, MessageParam } from './types';

/**
 * The usual license ports (../shared/domain.md), to label a forward whose label is empty and to
 * tell a license port from a vendor-daemon port (which changes on restart unless pinned). The
 * names are catalogue keys (advice/messages.*.ts), so the window says them in its language.
 */
const LICENSE_PORTS = {
  1055: 'license.1055',
  2325: 'license.2325',
  1999: 'license.1999',
  1718: 'license.1718',
  2765: 'license.2765',
  5053: 'license.5053',
  31010: 'license.31010',
} as const;

function licensePortKey(port: number) {
  if (Object.hasOwn(LICENSE_PORTS, port)) return LICENSE_PORTS[port as keyof typeof LICENSE_PORTS];
  if (port >= 27000 && port <= 27009) return 'license.flexlm';
  return undefined;
}

export function isLicensePort(port: number): boolean {
  return licensePortKey(port) !== undefined;
}

/** The well-known name of a license port, in English. */
export function licensePortLabel(port: number): string | undefined {
  const key = licensePortKey(port);
  return key && EN[key];
}

/** The label shown for a forward's target: the user's label, else the well-known port's. */
export function targetLabelMessage(label: string | undefined, port: number): MessageParam {
  const own = label?.trim();
  if (own) return own;
  const key = licensePortKey(port);
  return key ? msg(key) : msg('label.none');
}

/** The same label in English (the findings' `label`, as the CLI has always printed it). */
export function targetLabel(label: string | undefined, port: number): string {
  const shown = targetLabelMessage(label, port);
  return typeof shown === 'string' ? shown : EN[(shown as Message).key as keyof typeof EN];
}
