import path from 'node:path';
import { resolvePath } from '../config/paths';
import type { ConfigDocument } from '../config/schema';
import type { AlertsSection } from './schema';

/**
 * What the alerts need from a config document: the `alerts` section with its file paths made
 * absolute, plus each profile's own threshold (profiles keep `alertAfterMinutes` next to their
 * other settings; the alerts only see events, which carry the profile id alone).
 */
export interface AlertsConfig extends AlertsSection {
  /** Profile id → minutes before "down" (alertAfterMinutes); 0 = no alerts for that profile. */
  profileMinutes?: Record<string, number>;
}

/** undefined when the document has no `alerts` section or it names no destination. */
export function alertsConfigOf(
  document: ConfigDocument,
  configPath?: string,
): AlertsConfig | undefined {
  const section = document.alerts;
  if (!section || (!section.webhook && !section.email)) return undefined;
  const base = configPath ? path.dirname(path.resolve(configPath)) : process.cwd();
  const email = section.email && {
    ...section.email,
    ...(section.email.caFile ? { caFile: resolvePath(section.email.caFile, base) } : {}),
  };
  const profileMinutes: Record<string, number> = {};
  for (const p of document.profiles)
    if (p.alertAfterMinutes !== undefined) profileMinutes[p.id] = p.alertAfterMinutes;
  return { ...section, ...(email ? { email } : {}), profileMinutes };
}

/** Minutes before "down" for one profile (0 = never). */
export function minutesFor(config: AlertsConfig, profile: string): number {
  return config.profileMinutes?.[profile] ?? config.afterMinutes;
}
