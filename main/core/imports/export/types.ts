/** A written equivalent, and what it could not express (said on stderr by the CLI). */
export interface ExportResult {
  text: string;
  notes: string[];
}

/** Equivalent connections, which round-trip through the importers. */
export const CONNECTION_TARGETS = ['plink', 'ssh', 'ssh-config'] as const;
/** The engine's boot service (`tunnelkeeper engine run` at boot), as `engine install` writes it. */
export const SERVICE_TARGETS = ['systemd', 'task-scheduler', 'launchd'] as const;
export const EXPORT_TARGETS = [...CONNECTION_TARGETS, ...SERVICE_TARGETS] as const;
export type ConnectionTarget = (typeof CONNECTION_TARGETS)[number];
export type ServiceTarget = (typeof SERVICE_TARGETS)[number];
export type ExportTarget = (typeof EXPORT_TARGETS)[number];
