import type { Profile } from '../../config/profile';
import { exportPlink } from './plink';
import { exportSsh } from './ssh';
import { exportSshConfig } from './ssh-config';
import type { ConnectionTarget, ExportResult } from './types';

export {
  CONNECTION_TARGETS,
  EXPORT_TARGETS,
  SERVICE_TARGETS,
  type ConnectionTarget,
  type ExportResult,
  type ExportTarget,
  type ServiceTarget,
} from './types';
export { exportService, type ServiceOptions } from './service';

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
