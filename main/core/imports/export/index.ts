import type { Profile } from '../../config/profile';
import { exportPlink } from './plink';
import { exportLaunchd, exportSystemd, exportTaskScheduler, type ServiceOptions } from './service';
import { exportSsh } from './ssh';
import { exportSshConfig } from './ssh-config';
import type { ConnectionTarget, ExportResult, ServiceTarget } from './types';

export {
  CONNECTION_TARGETS,
  EXPORT_TARGETS,
  SERVICE_TARGETS,
  type ConnectionTarget,
  type ExportResult,
  type ExportTarget,
  type ServiceTarget,
} from './types';
export type { ServiceOptions } from './service';

/** A profile as the equivalent plink/ssh command or ssh_config block, plus what is lost. */
export function exportProfile(profile: Profile, target: ConnectionTarget): ExportResult {
  switch (target) {
    case 'plink':
      return exportPlink(profile);
    case 'ssh':
      return exportSsh(profile);
    case 'ssh-config':
      return exportSshConfig(profile);
  }
}

/** A service definition that runs the profile with `tunnelkeeper up` at boot. */
export function exportService(
  profile: Profile,
  target: ServiceTarget,
  options: ServiceOptions,
): ExportResult {
  switch (target) {
    case 'systemd':
      return exportSystemd(profile, options);
    case 'task-scheduler':
      return exportTaskScheduler(profile, options);
    case 'launchd':
      return exportLaunchd(profile, options);
  }
}
